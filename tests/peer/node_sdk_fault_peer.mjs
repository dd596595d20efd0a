#!/usr/bin/env node
// The official @gomomento/sdk (Node, @grpc/grpc-js over h2c) against the emulator's momento-local fault injection,
// with the SDK's own momento-local middleware (ExperimentalMomentoLocalTestConfigMiddleware) adding the metadata,
// as the SDK's momento-local topic and retry tests do.
//
// Input: one JSON document on stdin: {"host", "port", "cache", "ids": {<scenario>: <request-id>}}.
// Output (stdout, one JSON document): {<scenario>: <what happened>}; the test reads attempts from the emulator.
// Topic clients have no close() in this version: the process exits once the results are written.

import { createRequire } from 'node:module';
import process from 'node:process';

import {
  CacheClient,
  Configurations,
  CredentialProvider,
  MomentoErrorCode,
  TopicClient,
  TopicConfigurations,
} from '@gomomento/sdk';

import { fail as failAs, readInput } from './peer_env.mjs';

const require = createRequire(import.meta.url);
const { ExperimentalMomentoLocalTestConfigMiddleware } = require(
  '@gomomento/sdk/dist/src/config/middleware/experimental-momento-local-test-config-middleware.js',
);
const { MomentoRPCMethod } = require('@gomomento/sdk/dist/src/config/retry/momento-rpc-method.js');

const fail = (code, message) => failAs('node_sdk_fault_peer', code, message);
const WAIT_MS = 15000;

function outcome(response) {
  if (response.type === 'Error') return `Error:${response.errorCode()}`;
  return response.type;
}

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function cacheScenario(input, requestId, metadata, op) {
  const middleware = new ExperimentalMomentoLocalTestConfigMiddleware({ requestId, ...metadata });
  const client = await CacheClient.create({
    configuration: Configurations.Laptop.v1().withMiddlewares([middleware]),
    credentialProvider: CredentialProvider.forMomentoLocal({ hostname: input.host, port: input.port }),
    defaultTtlSeconds: 300,
  });
  try {
    return outcome(await op(client));
  } finally {
    client.close();
  }
}

function topicClient(input, requestId, metadata, timeoutMs) {
  let configuration = TopicConfigurations.Default.latest().withMiddlewares([
    new ExperimentalMomentoLocalTestConfigMiddleware({ requestId, ...metadata }),
  ]);
  if (timeoutMs !== undefined) configuration = configuration.withClientTimeoutMillis(timeoutMs);
  return new TopicClient({
    configuration,
    credentialProvider: CredentialProvider.forMomentoLocal({ hostname: input.host, port: input.port }),
  });
}

// A stream broken after `limit` messages (heartbeats count): the SDK reports the connection lost and resubscribes
// for a retryable status, or reports an error for NOT_FOUND.
async function brokenStream(input, requestId, streamError, waitFor) {
  const client = topicClient(input, requestId, {
    streamErrorRpcs: [MomentoRPCMethod.TopicSubscribe],
    streamError,
    streamErrorMessageLimit: 3,
  });
  const seen = { connectionLost: 0, errors: 0, heartbeats: 0 };
  let reached;
  const done = new Promise((resolve) => {
    reached = resolve;
  });
  const check = () => waitFor(seen) && reached();
  const subscription = await client.subscribe(input.cache, `broken-${streamError}`, {
    onItem: () => {},
    onHeartbeat: () => {
      seen.heartbeats += 1;
      check();
    },
    onConnectionLost: () => {
      seen.connectionLost += 1;
      check();
    },
    onError: () => {
      seen.errors += 1;
      check();
    },
  });
  if (subscription.type !== 'Subscription') return outcome(subscription);
  await within(done, `stream errors (${streamError})`);
  subscription.unsubscribe();
  return seen;
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readInput());
  } catch (error) {
    fail(2, `bad input: ${error}`);
  }
  const ids = input.ids;
  const outage = { returnError: MomentoErrorCode.SERVER_UNAVAILABLE, errorRpcs: [MomentoRPCMethod.Get] };
  const results = {};
  results['full outage'] = await cacheScenario(input, ids['full outage'], outage, (c) => c.get(input.cache, 'k'));
  results['increment'] = await cacheScenario(
    input,
    ids['increment'],
    { ...outage, errorRpcs: [MomentoRPCMethod.Increment] },
    (c) => c.increment(input.cache, 'counter', 1),
  );
  results['recoverable stream error'] = await brokenStream(
    input,
    ids['recoverable stream error'],
    'unavailable',
    (seen) => seen.connectionLost >= 2, // lost, resubscribed (heartbeats again), lost again
  );
  results['unrecoverable stream error'] = await brokenStream(
    input,
    ids['unrecoverable stream error'],
    'not-found',
    (seen) => seen.errors >= 1,
  );
  const slowSubscribe = topicClient(
    input,
    ids['subscribe delay'],
    { delayRpcs: [MomentoRPCMethod.TopicSubscribe], delayMs: 3000 },
    500,
  );
  results['subscribe delay'] = outcome(await slowSubscribe.subscribe(input.cache, 'slow', { onItem: () => {} }));
  const slowPublish = topicClient(
    input,
    ids['publish delay'],
    { delayRpcs: [MomentoRPCMethod.TopicPublish], delayMs: 3000 },
    500,
  );
  results['publish delay'] = outcome(await slowPublish.publish(input.cache, 'slow', 'message'));
  process.stdout.write(`${JSON.stringify(results)}\n`, () => process.exit(0));
}

main().catch((error) => fail(1, error.stack ?? String(error)));
