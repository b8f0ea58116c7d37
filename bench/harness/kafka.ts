/**
 * Kafka for benchmarks: a client through the platform factory (same retries and
 * partitioner as the services, logging silenced so it cannot spoil the table), and topics
 * named for the run and the benchmark, created on demand and deleted when the benchmark ends
 * so runs against a shared cluster (KAFKA_BROKERS) leave nothing behind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaAdmin, KafkaClient, KafkaProducer } from '../../platform/kafka';
import { createIdempotentProducer, createKafka, ensureTopics, type TopicSpec } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import type { BenchContext } from './benchmark';

const silent = createLogger('bench', 'silent');
const TOPICS_READY_MS = 30_000;
const TOPICS_RETRY_MS = 500;

/** `bench-<run>-<benchmark>-`: TOPIC_PREFIX of the services a benchmark starts, and of its own topics. */
export function topicPrefix(context: BenchContext): string {
  return `bench-${context.runId}-${context.name}-`;
}

export function benchKafka(context: BenchContext): KafkaClient {
  return createKafka(context.stack.kafkaBrokers, `${topicPrefix(context)}client`, silent);
}

/** A connected admin client, disconnected when the benchmark ends. */
export async function benchAdmin(context: BenchContext, kafka: KafkaClient): Promise<KafkaAdmin> {
  const admin = kafka.admin();
  await admin.connect();
  context.defer(() => admin.disconnect());
  return admin;
}

/**
 * A connected producer for backlogs, disconnected when the benchmark ends. Idempotent: a
 * retried request on a busy machine must not write a record twice, or the benchmark would
 * count records nobody meant to produce.
 */
export async function benchProducer(context: BenchContext, kafka: KafkaClient): Promise<KafkaProducer> {
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  context.defer(() => producer.disconnect());
  return producer;
}

/** Creates the topics now; deletes them when the benchmark ends (after the processes started later have stopped). */
export async function createBenchTopics(context: BenchContext, admin: KafkaAdmin, specs: readonly TopicSpec[]): Promise<void> {
  context.defer(() => admin.deleteTopics({ topics: specs.map((spec) => spec.topic) }));
  const deadline = Date.now() + TOPICS_READY_MS;
  for (;;) {
    try {
      await ensureTopics(admin, specs, context.config.topicReplicationFactor, silent, context.config.topicMinInsyncReplicas);
      return;
    } catch (error) {
      // A busy broker can answer metadata for a topic it has just created with
      // UNKNOWN_TOPIC_OR_PARTITION, which kafkajs does not retry; creating is idempotent.
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await sleep(TOPICS_RETRY_MS);
    }
  }
}

/**
 * Records of `topic` that group `groupId` has committed, summed over partitions; undefined
 * while the group's coordinator is not ready. A service's committed offset is its progress.
 */
export async function committedRecords(admin: KafkaAdmin, groupId: string, topic: string): Promise<number | undefined> {
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
  } catch (error) {
    // NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS until a new group settles: kafkajs marks them retriable.
    if ((error as { retriable?: boolean }).retriable) return undefined;
    throw error;
  }
}

/** Records in `topic` now (sum of its partitions' high watermarks; the topics here start at offset 0). */
export async function topicRecords(admin: KafkaAdmin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
}
