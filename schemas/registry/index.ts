/** Schema registry mode: register the catalog with a Confluent-compatible registry and encode with its ids. */
export { SchemaRegistryClient, type SchemaRegistryClientOptions } from './client';
export { loadCodec, registerCatalog, type CodecSettings } from './load-codec';
