/** Schema registry mode: register the catalog with a Confluent-compatible registry and encode with its ids. */
export { SchemaRegistryClient, type SchemaRegistryClientOptions } from './client';
export { loadCodec, registerCatalog, registerTopicUnions, type CodecSettings } from './load-codec';
export { topicUnionSchema, topicValueSubject, type TopicUnion } from './topic-unions';
