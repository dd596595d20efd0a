#!/usr/bin/env node
// Peer client for the topic cross-check tests: publishes or subscribes with the official @gomomento/sdk-web
// TopicClient (gRPC-web text over XHR, via the xhr2 polyfill) against a local emulator.
//
// Input: one JSON document on stdin (or as the first argument):
//   {"url": "http://127.0.0.1:8080", "cache": "c", "topic": "t", "mode": "publish",
//    "values": [{"text": "hello"}, {"b64": "AAH+/w=="}]}
//   {"url": "http://127.0.0.1:8080", "cache": "c", "topic": "t", "mode": "subscribe",
//    "count": 3, "timeoutMs": 30000}
//
// Output (stdout, JSON Lines, nothing else):
//   publish:   {"event": "published", "type": "Success"} per value, or {"event": "published", "type": "Error",
//              "errorCode": "...", "message": "..."}
//   subscribe: {"event": "subscribed"} once subscribe() resolved (or {"event": "error", ...} and exit 3), then
//              {"event": "item", "binary": false, "valueText": "...", "valueB64": "...", "sequenceNumber": 1,
//               "tokenId": ""} per item, {"event": "error", ...} from onError; after "count" items it unsubscribes
//              and exits 0. No "count" items within "timeoutMs": {"event": "timeout"} and exit 4.
// Diagnostics go to stderr. Exit code 2 for bad input, 1 if the SDK threw.

import { Buffer } from 'node:buffer';
import process from 'node:process';

import { fail as failAs, installBrowserGlobals, readInput } from './peer_env.mjs';

installBrowserGlobals('topic peer', { streaming: true });
const { TopicClient, TopicConfigurations, CredentialProvider, TopicPublish, TopicSubscribe } = await import(
  '@gomomento/sdk-web'
);

const fail = (code, message) => failAs('topic_peer', code, message);

function emit(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

function exit(code) {
  process.stdout.write('', () => process.exit(code));
}

function describeError(event, error) {
  return { event, errorCode: error.errorCode(), message: error.message() };
}

function valueOf(entry) {
  if (typeof entry?.text === 'string') {
    return entry.text;
  }
  if (typeof entry?.b64 === 'string') {
    return new Uint8Array(Buffer.from(entry.b64, 'base64'));
  }
  return fail(2, `value ${JSON.stringify(entry)} needs "text" or "b64"`);
}

async function publish(client, input) {
  if (!Array.isArray(input.values)) {
    fail(2, 'publish needs "values" (array)');
  }
  for (const entry of input.values) {
    const response = await client.publish(input.cache, input.topic, valueOf(entry));
    if (response instanceof TopicPublish.Success) {
      emit({ event: 'published', type: 'Success' });
    } else {
      emit({ ...describeError('published', response), type: 'Error' });
    }
  }
  exit(0);
}

async function subscribe(client, input) {
  const count = input.count ?? 1;
  let received = 0;
  let subscription;
  const timer = setTimeout(() => {
    emit({ event: 'timeout' });
    exit(4);
  }, input.timeoutMs ?? 30000);
  const response = await client.subscribe(input.cache, input.topic, {
    onItem: (item) => {
      const value = item.value();
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      emit({
        event: 'item',
        binary: typeof value !== 'string',
        valueText: typeof value === 'string' ? value : undefined,
        valueB64: bytes.toString('base64'),
        sequenceNumber: item.sequenceNumber(),
        tokenId: item.tokenId() ?? '',
      });
      received += 1;
      if (received === count) {
        clearTimeout(timer);
        subscription?.unsubscribe();
        exit(0);
      }
    },
    onError: (error) => emit(describeError('error', error)),
  });
  if (!(response instanceof TopicSubscribe.Subscription)) {
    clearTimeout(timer);
    emit(describeError('error', response));
    exit(3);
    return;
  }
  subscription = response;
  emit({ event: 'subscribed' });
}

let input;
try {
  input = JSON.parse(await readInput());
} catch (error) {
  fail(2, `input is not JSON: ${error}`);
}
if (typeof input?.url !== 'string' || !input.url.startsWith('http://')) {
  fail(2, 'input needs "url" (http://host:port)');
}
if (typeof input.cache !== 'string' || typeof input.topic !== 'string') {
  fail(2, 'input needs "cache" and "topic"');
}

const endpoint = input.url.replace(/\/+$/, '');
const client = new TopicClient({
  configuration: TopicConfigurations.Default.latest(),
  // http:// overrides, or the web SDK builds https://web.<host> (docs/protocol/sdk-quirks.md, quirk 23).
  credentialProvider: CredentialProvider.forMomentoLocal({
    endpointOverrides: { cacheEndpoint: endpoint, controlEndpoint: endpoint, tokenEndpoint: endpoint },
  }),
});

try {
  if (input.mode === 'publish') {
    await publish(client, input);
  } else if (input.mode === 'subscribe') {
    await subscribe(client, input);
  } else {
    fail(2, `unknown mode ${JSON.stringify(input.mode)} (publish, subscribe)`);
  }
} catch (error) {
  fail(1, `SDK threw: ${error?.stack ?? error}`);
}
