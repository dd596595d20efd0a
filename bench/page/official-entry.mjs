// esbuild entry: the parts of the official web SDK the benchmark page uses.
export { CacheClient, Configurations, CredentialProvider, TopicClient, TopicConfigurations } from '@gomomento/sdk-web';
