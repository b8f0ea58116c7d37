export { createIdempotentProducer, createKafka, noDelaySocketFactory, KAFKA_RETRY, kafkajsLogLevel } from './client';
export { kafkaSecurityOptions, PLAINTEXT, securityFailure, type KafkaSecurityOptions } from './security';
export { TopicNames, type DomainTopicKind, type TopicSpec } from './topics';
export { ensureTopics } from './bootstrap';
export { chunkMessages, MAX_PRODUCE_CHUNK_BYTES } from './chunk';
export { deadLetter, DEAD_LETTER_HEADERS, type DeadLetterSource } from './dead-letter';
export { readPartitionsToEnd, type ReadToEndOptions } from './read-to-end';
export { isComplete, RangeReader, readRanges, type BatchHandler, type OffsetRange, type RangeReaderOptions } from './range-reader';
export { GroupMemberRecord } from './group-members';
