/**
 * The Kafka client as Eventline's code sees it: the members of the client, admin, consumer,
 * producer and transaction that it calls, and the consumed batch it reads. Code outside
 * platform/kafka/ names these, never the client library's types, so the library is replaced
 * or upgraded here (a unit test checks that no other folder imports it). kafkajs's objects
 * have these shapes: client.ts builds them.
 */
import type * as kafkajs from 'kafkajs';

export type KafkaAdmin = Pick<
  kafkajs.Admin,
  | 'connect'
  | 'disconnect'
  | 'listTopics'
  | 'createTopics'
  | 'deleteTopics'
  | 'fetchTopicMetadata'
  | 'fetchTopicOffsets'
  | 'fetchTopicOffsetsByTimestamp'
  | 'fetchOffsets'
  | 'setOffsets'
  | 'describeCluster'
  | 'describeConfigs'
  | 'listGroups'
  | 'describeGroups'
  | 'deleteGroups'
  | 'removeGroupMembers'
>;

/** A consumed batch: one partition's records from one fetch, in offset order. */
export type ConsumedBatch = Pick<kafkajs.Batch, 'topic' | 'partition' | 'highWatermark' | 'messages' | 'isEmpty' | 'firstOffset' | 'lastOffset'>;

/** What a consumer's batch handler is given. */
export interface BatchPayload extends Pick<kafkajs.EachBatchPayload, 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'> {
  readonly batch: ConsumedBatch;
}

/** Runs a handler per batch; `eachBatch` never sees batches of partitions it has paused. */
export interface KafkaConsumer extends Pick<kafkajs.Consumer, 'connect' | 'disconnect' | 'subscribe' | 'seek' | 'pause' | 'resume' | 'commitOffsets' | 'on' | 'events'> {
  run(config: Omit<kafkajs.ConsumerRunConfig, 'eachBatch' | 'eachMessage'> & { eachBatch: (payload: BatchPayload) => Promise<void> }): Promise<void>;
}

/** A Kafka transaction: records and consumed offsets that commit or abort together. */
export type KafkaTransaction = Pick<kafkajs.Transaction, 'send' | 'sendBatch' | 'sendOffsets' | 'commit' | 'abort'>;

export interface KafkaProducer extends Pick<kafkajs.Producer, 'connect' | 'disconnect' | 'send' | 'sendBatch'> {
  /** Begins a transaction; only a producer created with a transactional id has them. */
  transaction(): Promise<KafkaTransaction>;
}

/** Makes the consumers, producers and admins of one cluster connection's settings. */
export interface KafkaClient {
  consumer(options: kafkajs.ConsumerConfig): KafkaConsumer;
  producer(options?: kafkajs.ProducerConfig): KafkaProducer;
  admin(options?: Pick<kafkajs.AdminConfig, 'retry'>): KafkaAdmin;
}

/** A consumed position of a group: the offset the next read of the partition starts at. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
