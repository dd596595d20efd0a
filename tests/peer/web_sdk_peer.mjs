#!/usr/bin/env node
// Peer client for the cross-check tests: runs cache operations with the official @gomomento/sdk-web (gRPC-web
// text over XHR, via the xhr2 polyfill) against a local emulator and prints one JSON line per operation.
//
// Input: one JSON document, as the first argument or on stdin:
//   {
//     "url": "http://127.0.0.1:8080",          // emulator; used for all three endpoint overrides
//     "config": "laptop" | "browser",          // Configurations.Laptop.v1() (default) or Browser.v1()
//     "defaultTtlSeconds": 60,                 // optional
//     "ops": [
//       {"op": "createCache", "cache": "c"},
//       {"op": "deleteCache", "cache": "c"},
//       {"op": "flushCache", "cache": "c"},
//       {"op": "listCaches"},
//       {"op": "set", "cache": "c", "key": "k", "value": "v", "ttlSeconds": 30},
//       {"op": "get", "cache": "c", "key": "k"},
//       {"op": "delete", "cache": "c", "key": "k"},
//       {"op": "increment", "cache": "c", "key": "k", "amount": 1},
//       {"op": "setIfNotExists", "cache": "c", "key": "k", "value": "v"},
//       {"op": "setBatch", "cache": "c", "items": [{"key": "k", "value": "v"}, ...]},   // server-streaming reply
//       {"op": "getBatch", "cache": "c", "keys": [{"key": "k"}, {"keyB64": "AP8="}]}, // server-streaming reply
//       {"op": "keysExist", "cache": "c", "keys": [{"key": "k"}, ...]},
//       {"op": "itemGetTtl", "cache": "c", "key": "k"},
//       {"op": "itemGetType", "cache": "c", "key": "k"},
//       {"op": "call", "method": "listFetch", "cache": "c", "args": ["list"], "options": {"startIndex": 1}}
//     ]
//   }
// Keys and values are UTF-8 strings; pass "keyB64" / "valueB64" instead of "key" / "value" for raw bytes.
// "call" runs any CacheClient data method (collections, conditional writes, TTLs) as
// client[method](cache, ...args, options). In "args" and "options", {"b64": "..."} is a Uint8Array,
// {"map": [[k, v], ...]} a Map, and {"collectionTtl": [seconds, refresh]} a CollectionTtl. Its result is
// {"op": "call", "method": "...", "type": "Hit", "value": ...} where "value" is what RESULTS picks for the method,
// bytes again as {"b64": "..."}.
//
// Output (stdout, JSON Lines, nothing else): per operation, in order,
//   {"op": "get", "type": "Hit", "valueB64": "...", "valueText": "..."}      (valueText only if valid UTF-8)
//   {"op": "get", "type": "Miss"}
//   {"op": "set", "type": "Success"}
//   {"op": "createCache", "type": "AlreadyExists"}
//   {"op": "increment", "type": "Success", "value": 3}
//   {"op": "listCaches", "type": "Success", "caches": ["a", "b"]}
//   {"op": "getBatch", "type": "Success", "results": [{"type": "Hit", "valueB64": "..."}, {"type": "Miss"}]}
//   {"op": "setBatch", "type": "Success", "results": [{"type": "Success"}, ...]}
//   {"op": "keysExist", "type": "Success", "exists": [true, false]}
//   {"op": "itemGetTtl", "type": "Hit", "remainingTtlMillis": 59990}
//   {"op": "itemGetType", "type": "Hit", "itemType": "SCALAR"}
//   {"op": "get", "type": "Error", "errorCode": "NOT_FOUND_ERROR", "message": "..."}
// Everything else (SDK logging, diagnostics) goes to stderr. Exit code 0 when every operation produced a response
// object (Error responses included); 2 for bad input; 1 if the SDK threw.

import { Buffer } from 'node:buffer';
import process from 'node:process';

import { fail as failAs, installBrowserGlobals, readInput } from './peer_env.mjs';

installBrowserGlobals('peer check');

const sdk = await import('@gomomento/sdk-web');
const { CacheClient, CollectionTtl, Configurations, CredentialProvider } = sdk;

const fail = (code, message) => failAs('web_sdk_peer', code, message);

function bytesField(op, name) {
  if (typeof op[`${name}B64`] === 'string') {
    return new Uint8Array(Buffer.from(op[`${name}B64`], 'base64'));
  }
  if (typeof op[name] === 'string') {
    return op[name];
  }
  fail(2, `operation ${JSON.stringify(op)} needs "${name}" (string) or "${name}B64" (base64)`);
}

function keysField(op) {
  if (!Array.isArray(op.keys)) {
    fail(2, `operation ${JSON.stringify(op)} needs "keys" (array of {"key"} / {"keyB64"})`);
  }
  return op.keys.map((item) => bytesField(item, 'key'));
}

function requireCache(op) {
  if (typeof op.cache !== 'string') {
    fail(2, `operation ${JSON.stringify(op)} needs "cache"`);
  }
  return op.cache;
}

function utf8OrUndefined(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function describeGet(result, response) {
  if (response.type === 'Hit') {
    const bytes = response.valueUint8Array();
    result.valueB64 = Buffer.from(bytes).toString('base64');
    const text = utf8OrUndefined(bytes);
    if (text !== undefined) {
      result.valueText = text;
    }
  }
  return result;
}

// --- "call": any data method, arguments and results in JSON --------------------------------------------------

function decodeArg(arg) {
  if (Array.isArray(arg)) {
    return arg.map(decodeArg);
  }
  if (arg === null || typeof arg !== 'object') {
    return arg;
  }
  if (typeof arg.b64 === 'string') {
    return new Uint8Array(Buffer.from(arg.b64, 'base64'));
  }
  if (Array.isArray(arg.map)) {
    return new Map(arg.map.map(([key, value]) => [decodeArg(key), decodeArg(value)]));
  }
  if (Array.isArray(arg.collectionTtl)) {
    return new CollectionTtl(...arg.collectionTtl);
  }
  return Object.fromEntries(Object.entries(arg).map(([key, value]) => [key, decodeArg(value)]));
}

const b64 = (bytes) => ({ b64: Buffer.from(bytes).toString('base64') });
const length = (r) => r.length();
const listLength = (r) => r.listLength();
const valueBytes = (r) => b64(r.valueUint8Array());
const elements = (r) => r.valueArrayUint8Array().map(b64);
const scored = (r) => r.valueArrayUint8Elements().map(({ value, score }) => [b64(value), score]);
const hash = (r) => b64(r.hashUint8Array());
const byField = (r) => Object.fromEntries([...r.valueMapStringUint8Array()].map(([field, value]) => [field, b64(value)]));

// What a Hit / Success / Stored result of each method carries (methods absent here carry nothing).
const RESULTS = {
  dictionaryFetch: byField,
  dictionaryGetField: valueBytes,
  dictionaryGetFields: byField,
  dictionaryIncrement: (r) => r.value(),
  dictionaryLength: length,
  listFetch: (r) => r.valueListUint8Array().map(b64),
  listLength: length,
  listPopBack: valueBytes,
  listPopFront: valueBytes,
  listPushBack: listLength,
  listPushFront: listLength,
  listConcatenateBack: listLength,
  listConcatenateFront: listLength,
  setFetch: elements,
  setPop: elements,
  setSample: elements,
  setContainsElement: (r) => r.containsElement(),
  setContainsElements: (r) => r.containsElements(),
  setLength: length,
  sortedSetFetchByRank: scored,
  sortedSetFetchByScore: scored,
  sortedSetGetRank: (r) => r.rank(),
  sortedSetGetScore: (r) => r.score(),
  sortedSetGetScores: (r) => r.responses().map((part) => (part.type === 'Hit' ? part.score() : null)),
  sortedSetIncrementScore: (r) => r.score(),
  sortedSetLength: length,
  sortedSetLengthByScore: length,
  sortedSetUnionStore: length,
  getWithHash: (r) => ({ value: b64(r.valueUint8Array()), hash: b64(r.hashUint8Array()) }),
  setWithHash: hash,
  setIfPresentAndHashEqual: hash,
  setIfPresentAndHashNotEqual: hash,
  setIfAbsentOrHashEqual: hash,
  setIfAbsentOrHashNotEqual: hash,
  keyExists: (r) => r.exists(),
  itemGetTtl: (r) => r.remainingTtlMillis(),
};

function callClient(client, op) {
  if (typeof op.method !== 'string' || typeof client[op.method] !== 'function') {
    fail(2, `operation ${JSON.stringify(op)} needs "method" naming a CacheClient method`);
  }
  const args = decodeArg(op.args ?? []);
  const options = op.options === undefined ? [] : [decodeArg(op.options)];
  return client[op.method](requireCache(op), ...args, ...options);
}

function describeCall(result, op, response) {
  result.method = op.method;
  const pick = RESULTS[op.method];
  if (pick !== undefined && ['Hit', 'Success', 'Stored'].includes(response.type)) {
    result.value = pick(response);
  }
  return result;
}

function withoutOp({ op: _op, ...rest }) {
  return rest;
}

function describe(op, response) {
  const result = { op: op.op, type: response.type };
  if (response.type === 'Error') {
    result.errorCode = response.errorCode();
    result.message = response.message();
    return result;
  }
  if (op.op === 'call') {
    describeCall(result, op, response);
  } else if (op.op === 'get') {
    describeGet(result, response);
  } else if (op.op === 'getBatch') {
    result.results = response.results().map((item) => withoutOp(describe({ op: 'get' }, item)));
  } else if (op.op === 'setBatch') {
    result.results = response.results().map((item) => withoutOp(describe({ op: 'set' }, item)));
  } else if (op.op === 'keysExist') {
    result.exists = response.exists();
  } else if (op.op === 'itemGetTtl' && response.type === 'Hit') {
    result.remainingTtlMillis = response.remainingTtlMillis();
  } else if (op.op === 'itemGetType' && response.type === 'Hit') {
    result.itemType = sdk.ItemType[response.itemType()];
  } else if (op.op === 'increment') {
    result.value = response.value();
  } else if (op.op === 'listCaches') {
    result.caches = response.getCaches().map((info) => info.getName());
  }
  return result;
}

async function run(client, op) {
  switch (op.op) {
    case 'createCache':
      return client.createCache(requireCache(op));
    case 'deleteCache':
      return client.deleteCache(requireCache(op));
    case 'flushCache':
      return client.flushCache(requireCache(op));
    case 'listCaches':
      return client.listCaches();
    case 'set': {
      const options = op.ttlSeconds === undefined ? undefined : { ttl: op.ttlSeconds };
      return client.set(requireCache(op), bytesField(op, 'key'), bytesField(op, 'value'), options);
    }
    case 'get':
      return client.get(requireCache(op), bytesField(op, 'key'));
    case 'delete':
      return client.delete(requireCache(op), bytesField(op, 'key'));
    case 'increment':
      return client.increment(requireCache(op), bytesField(op, 'key'), op.amount ?? 1);
    case 'setIfNotExists':
      return client.setIfNotExists(requireCache(op), bytesField(op, 'key'), bytesField(op, 'value'));
    case 'setBatch': {
      if (!Array.isArray(op.items)) {
        fail(2, `operation ${JSON.stringify(op)} needs "items" (array)`);
      }
      const items = op.items.map((item) => ({ key: bytesField(item, 'key'), value: bytesField(item, 'value') }));
      return client.setBatch(requireCache(op), items);
    }
    case 'getBatch':
      return client.getBatch(requireCache(op), keysField(op));
    case 'keysExist':
      return client.keysExist(requireCache(op), keysField(op));
    case 'itemGetTtl':
      return client.itemGetTtl(requireCache(op), bytesField(op, 'key'));
    case 'itemGetType':
      return client.itemGetType(requireCache(op), bytesField(op, 'key'));
    case 'call':
      return callClient(client, op);
    default:
      return fail(2, `unknown operation ${JSON.stringify(op.op)}`);
  }
}

let input;
try {
  input = JSON.parse(await readInput());
} catch (error) {
  fail(2, `input is not JSON: ${error}`);
}
if (typeof input?.url !== 'string' || !input.url.startsWith('http://') || !Array.isArray(input.ops)) {
  fail(2, 'input needs "url" (http://host:port) and "ops" (array)');
}

const configs = { laptop: Configurations.Laptop, browser: Configurations.Browser };
const configClass = configs[input.config ?? 'laptop'];
if (configClass === undefined) {
  fail(2, `unknown config ${JSON.stringify(input.config)} (laptop, browser)`);
}

const endpoint = input.url.replace(/\/+$/, '');
const client = new CacheClient({
  configuration: configClass.v1(),
  // http:// overrides, or the web SDK builds https://web.<host> (docs/protocol/sdk-quirks.md, quirk 23).
  credentialProvider: CredentialProvider.forMomentoLocal({
    endpointOverrides: { cacheEndpoint: endpoint, controlEndpoint: endpoint, tokenEndpoint: endpoint },
  }),
  defaultTtlSeconds: input.defaultTtlSeconds ?? 60,
});

try {
  for (const op of input.ops) {
    const response = await run(client, op);
    process.stdout.write(`${JSON.stringify(describe(op, response))}\n`);
  }
} catch (error) {
  fail(1, `SDK threw: ${error?.stack ?? error}`);
} finally {
  client.close();
}
// grpc-web/XHR leave nothing that must finish; do not wait for idle keep-alive sockets.
process.stdout.write('', () => process.exit(0));
