#!/usr/bin/env node
// Peer client for the auth cross-check: the official @gomomento/sdk-web AuthClient, CacheClient and TopicClient
// (gRPC-web text over XHR via xhr2), all with ONE credential, against a local emulator in auth mode. Prints one
// JSON line per operation.
//
// Input: one JSON document, as the first argument or on stdin:
//   {
//     "url": "http://127.0.0.1:8080",    // the emulator; used for all three endpoint overrides
//     "credential": "<token string>",    // base64 {"endpoint","api_key"}: a key or a disposable token
//     "ops": [
//       {"op": "generateDisposableToken", "scope": SCOPE, "expiresInSeconds": 300, "tokenId": "optional"},
//       {"op": "generateApiKey", "scope": SCOPE, "expiresInSeconds": 600},     // null/absent: never expires
//       {"op": "refreshApiKey", "refreshToken": "..."},
//       {"op": "get" | "delete", "cache": "c", "key": "k"},
//       {"op": "set", "cache": "c", "key": "k", "value": "v"},
//       {"op": "listCaches"},
//       {"op": "publish", "cache": "c", "topic": "t", "value": "hello"}
//     ]
//   }
// SCOPE = {"helper": "DisposableTokenScopes.cacheKeyReadWrite" | "PermissionScopes.cacheReadOnly" | ...,
//          "args": ["cache", "key-or-topic", ...]}; an argument {"all": "caches"} / {"all": "topics"} stands for
//          AllCaches / AllTopics.
//
// Output (stdout, JSON Lines): per operation, in order,
//   {"op": "generateDisposableToken", "type": "Success", "authToken": "...", "endpoint": "...", "expiresAt": 1700000000}
//   {"op": "generateApiKey", "type": "Success", "apiKey": "...", "refreshToken": "...", "endpoint": "...", "expiresAt": ...}
//   {"op": "get", "type": "Hit", "valueText": "v"} | {"op": "get", "type": "Miss"} | {"op": "set", "type": "Success"}
//   {"op": "...", "type": "Error", "errorCode": "PERMISSION_ERROR", "message": "..."}
// Exit code 0 when every operation produced a response object; 2 for bad input; 1 if the SDK threw.

import process from 'node:process';

import { fail as failAs, installBrowserGlobals, readInput } from './peer_env.mjs';

installBrowserGlobals('auth peer check');

const sdk = await import('@gomomento/sdk-web');
const { AuthClient, CacheClient, TopicClient, Configurations, TopicConfigurations, CredentialProvider, ExpiresIn } =
  sdk;

const fail = (code, message) => failAs('auth_peer', code, message);

const SPECIAL = { caches: sdk.AllCaches, topics: sdk.AllTopics };

function scopeOf(spec) {
  const [namespace, helper] = String(spec?.helper ?? '').split('.');
  const helpers = { DisposableTokenScopes: sdk.DisposableTokenScopes, PermissionScopes: sdk.PermissionScopes };
  const make = helpers[namespace]?.[helper];
  if (typeof make !== 'function' || !Array.isArray(spec.args)) {
    fail(2, `unknown scope ${JSON.stringify(spec)}`);
  }
  return make(...spec.args.map((arg) => (arg !== null && typeof arg === 'object' ? SPECIAL[arg.all] : arg)));
}

function expiresIn(seconds) {
  return seconds === null || seconds === undefined ? ExpiresIn.never() : ExpiresIn.seconds(seconds);
}

function describe(op, response) {
  const result = { op: op.op, type: response.type };
  if (response.type === 'Error') {
    result.errorCode = response.errorCode();
    result.message = response.message();
  } else if (op.op === 'generateDisposableToken' && response.type === 'Success') {
    Object.assign(result, {
      authToken: response.authToken,
      endpoint: response.endpoint,
      expiresAt: response.expiresAt.epoch(),
    });
  } else if ((op.op === 'generateApiKey' || op.op === 'refreshApiKey') && response.type === 'Success') {
    Object.assign(result, {
      apiKey: response.apiKey,
      refreshToken: response.refreshToken,
      endpoint: response.endpoint,
      expiresAt: response.expiresAt.doesExpire() ? response.expiresAt.epoch() : null,
    });
  } else if (op.op === 'get' && response.type === 'Hit') {
    result.valueText = response.valueString();
  }
  return result;
}

async function run(clients, op) {
  switch (op.op) {
    case 'generateDisposableToken': {
      const props = op.tokenId === undefined ? undefined : { tokenId: op.tokenId };
      return clients.auth.generateDisposableToken(scopeOf(op.scope), expiresIn(op.expiresInSeconds), props);
    }
    case 'generateApiKey':
      return clients.auth.generateApiKey(scopeOf(op.scope), expiresIn(op.expiresInSeconds));
    case 'refreshApiKey':
      return clients.auth.refreshApiKey(op.refreshToken);
    case 'get':
      return clients.cache.get(op.cache, op.key);
    case 'set':
      return clients.cache.set(op.cache, op.key, op.value);
    case 'delete':
      return clients.cache.delete(op.cache, op.key);
    case 'listCaches':
      return clients.cache.listCaches();
    case 'publish':
      return clients.topics.publish(op.cache, op.topic, op.value);
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
if (typeof input?.url !== 'string' || typeof input.credential !== 'string' || !Array.isArray(input.ops)) {
  fail(2, 'input needs "url" (http://host:port), "credential" (token string) and "ops" (array)');
}

const endpoint = input.url.replace(/\/+$/, '');
// The web SDK reaches plain http:// only through endpoint overrides (docs/protocol/sdk-quirks.md, quirk 23).
const credentialProvider = CredentialProvider.fromDisposableToken({
  authToken: input.credential,
  endpointOverrides: { cacheEndpoint: endpoint, controlEndpoint: endpoint, tokenEndpoint: endpoint },
});
const clients = {
  auth: new AuthClient({ credentialProvider }),
  cache: new CacheClient({ configuration: Configurations.Laptop.v1(), credentialProvider, defaultTtlSeconds: 60 }),
  topics: new TopicClient({ configuration: TopicConfigurations.Default.latest(), credentialProvider }),
};

try {
  for (const op of input.ops) {
    const response = await run(clients, op);
    process.stdout.write(`${JSON.stringify(describe(op, response))}\n`);
  }
} catch (error) {
  fail(1, `SDK threw: ${error?.stack ?? error}`);
} finally {
  clients.cache.close();
  clients.topics.close?.();
}
process.stdout.write('', () => process.exit(0));
