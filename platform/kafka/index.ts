export { createIdempotentProducer, createKafka, createToolKafka, noDelaySocketFactory, KAFKA_RETRY, kafkajsLogLevel, type ToolKafkaOptions } from './client';
export { kafkaFailure } from './failures';
export { describeTopicConfigs, type TopicConfig } from './topic-configs';
export { kafkaSecurityOptions, PLAINTEXT, securityFailure, type KafkaSecurityOptions } from './security';
export { TopicNames, type DomainTopicKind, type TopicSpec } from './topics';
export { ensureTopics } from './bootstrap';
export { chunkMessages, MAX_PRODUCE_CHUNK_BYTES } from './chunk';
export { AVRO_CONTENT_TYPE, cloudEventHeaders, CLOUDEVENTS_SPEC_VERSION, eventCloudHeaders, outcomeCloudHeaders, viewRowCloudHeaders } from './cloud-events';
export { deadLetter, deadLettersMade, DEAD_LETTER_HEADERS, type DeadLetterSource, type DeadLettersMade } from './dead-letter';
export { readPartitionsToEnd, type ReadToEndOptions } from './read-to-end';
export { isComplete, RangeReader, readRanges, type BatchHandler, type OffsetRange, type RangeReaderOptions } from './range-reader';
export { GroupMemberRecord } from './group-members';
export { offsetIn, partitionExtents, resolvePosition, type PartitionExtent, type Position } from './positions';
export type { ConsumedRecord, ProducedOffsets, ProducedRecord, RecordHeaders } from './records';
export type {
  BatchPayload,
  ConsumedBatch,
  KafkaAdmin,
  KafkaClient,
  KafkaConsumer,
  KafkaProducer,
  KafkaTransaction,
  PartitionOffset,
} from './interfaces';
export { reportCrashes, type CrashReport } from './consumer-crash';
export { ConsumerLag, consumerLagGauge, CONSUMER_LAG_INTERVAL_MS, CONSUMER_LAG_METRIC, type ConsumerLagGauge, type ConsumerLagOptions } from './consumer-lag';
