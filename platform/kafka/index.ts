export { createKafka, KAFKA_RETRY } from './client';
export { TopicNames, type DomainTopicKind, type TopicSpec } from './topics';
export { ensureTopics } from './bootstrap';
