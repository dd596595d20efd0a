// The official @gomomento/sdk-web (bundled by esbuild into /dist/official-sdk.mjs) behind the harness's client shape.

export const OFFICIAL_BUNDLE = '/dist/official-sdk.mjs';

export function importOfficial() {
  return import(OFFICIAL_BUNDLE);
}

// Without the overrides the web SDK builds https://web.<host> URLs; the emulator speaks plain http.
function localCredentials(sdk, url) {
  return sdk.CredentialProvider.forMomentoLocal({
    endpointOverrides: { cacheEndpoint: url, controlEndpoint: url, tokenEndpoint: url },
  });
}

function failure(what, response) {
  return new Error(`official ${what}: ${response.type} ${response.toString()}`);
}

export function officialClient(sdk, url) {
  const client = new sdk.CacheClient({
    configuration: sdk.Configurations.Browser.v1(),
    credentialProvider: localCredentials(sdk, url),
    defaultTtlSeconds: 600,
  });
  return {
    async get(cache, key) {
      const response = await client.get(cache, key);
      if (response.type === 'Hit') return response.valueUint8Array();
      if (response.type === 'Miss') return null;
      throw failure('get', response);
    },
    async set(cache, key, value) {
      const response = await client.set(cache, key, value);
      if (response.type !== 'Success') throw failure('set', response);
    },
    close() {
      client.close();
    },
  };
}

// Publish → receive through one subscription. `onItem` gets (bytes, arrival time in ms).
export async function officialTopics(sdk, url, cache, topic, onItem) {
  const client = new sdk.TopicClient({
    configuration: sdk.TopicConfigurations.Default.latest(),
    credentialProvider: localCredentials(sdk, url),
  });
  let streamError = null;
  const subscription = await client.subscribe(cache, topic, {
    onItem: (item) => onItem(item.valueUint8Array(), performance.now()),
    onError: (error) => {
      streamError = error;
    },
  });
  if (subscription.type !== 'Subscription') throw failure('subscribe', subscription);
  return {
    async publish(value) {
      if (streamError !== null) throw new Error(`official subscription failed: ${streamError}`);
      const response = await client.publish(cache, topic, value);
      if (response.type !== 'Success') throw failure('publish', response);
    },
    close() {
      subscription.unsubscribe(); // the web TopicClient has no close()
    },
  };
}
