#!/usr/bin/env node
// Peer client for the native gRPC cross-check: the official @gomomento/sdk (Node, @grpc/grpc-js over h2c) against a
// local emulator. One scenario per run.
//
// Input: one JSON document on stdin (or as the first argument):
//   {"host": "127.0.0.1", "port": 8080, "cache": "c", "topic": "t", "values": ["a", "b"]}
//
// What it does, in order: create the cache (it may exist), set "from-node", read "from-ours" (written by our SDK),
// read a key in a missing cache, subscribe to the topic, publish "values" there and receive them back.
// Output (stdout, one JSON document): {"results": {...}, "received": ["a", "b"]}. Diagnostics go to stderr; exit
// code 2 for bad input, 1 if the SDK threw or the items did not arrive in time.

import process from 'node:process';

import {
  CacheClient,
  Configurations,
  CredentialProvider,
  TopicClient,
  TopicConfigurations,
} from '@gomomento/sdk';

import { fail as failAs, readInput } from './peer_env.mjs';

const fail = (code, message) => failAs('node_sdk_peer', code, message);
const RECEIVE_TIMEOUT_MS = 20000;

function outcome(response) {
  if (response.type === 'Error') return `Error:${response.errorCode()}`;
  if (response.type === 'Hit') return `Hit:${response.valueString()}`;
  return response.type;
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readInput());
  } catch (error) {
    fail(2, `bad input: ${error}`);
  }
  const credentialProvider = CredentialProvider.forMomentoLocal({ hostname: input.host, port: input.port });
  const cache = await CacheClient.create({
    configuration: Configurations.Laptop.v1(),
    credentialProvider,
    defaultTtlSeconds: 300,
  });
  const results = {
    create: outcome(await cache.createCache(input.cache)),
    set: outcome(await cache.set(input.cache, 'from-node', 'written by grpc-js')),
    get: outcome(await cache.get(input.cache, 'from-node')),
    'get-ours': outcome(await cache.get(input.cache, 'from-ours')),
    'get-missing-cache': outcome(await cache.get(`${input.cache}-missing`, 'k')),
  };
  cache.close();

  const topics = new TopicClient({ configuration: TopicConfigurations.Default.latest(), credentialProvider });
  const received = [];
  let done;
  const allReceived = new Promise((resolve) => {
    done = resolve;
  });
  const subscription = await topics.subscribe(input.cache, input.topic, {
    onItem: (item) => {
      received.push(item.valueString());
      if (received.length === input.values.length) done();
    },
    onError: (error) => process.stderr.write(`subscription error: ${error.toString()}\n`),
  });
  if (subscription.type !== 'Subscription') fail(1, `subscribe failed: ${subscription.toString()}`);
  results.publish = [];
  for (const value of input.values) {
    results.publish.push(outcome(await topics.publish(input.cache, input.topic, value)));
  }
  const timer = setTimeout(() => fail(1, `received ${received.length} of ${input.values.length} items`), RECEIVE_TIMEOUT_MS);
  await allReceived;
  clearTimeout(timer);
  subscription.unsubscribe();
  process.stdout.write(`${JSON.stringify({ results, received })}\n`, () => process.exit(0));
}

main().catch((error) => fail(1, error.stack ?? String(error)));
