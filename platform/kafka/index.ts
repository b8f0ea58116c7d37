export { createKafka, KAFKA_RETRY } from './client';
export { TopicNames, type DomainTopicKind, type TopicSpec } from './topics';
export { ensureTopics } from './bootstrap';
export { deadLetter, DEAD_LETTER_HEADERS, type DeadLetterSource } from './dead-letter';
export { readPartitionsToEnd, type ReadToEndOptions } from './read-to-end';
