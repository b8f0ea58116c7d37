/**
 * Creates missing topics with their settings; idempotent, safe to run from every service at
 * start-up and from several processes at once.
 */
import type { KafkaAdmin } from './interfaces';
import type { Logger } from '../logger';
import type { TopicSpec } from './topics';

const ATTEMPTS = 8;
const SERVED_WAIT_MS = 10_000;
const SERVED_POLL_MS = 50;

/**
 * Retries what kafkajs marks retriable but does not retry itself here: on a busy broker a
 * fresh topic's metadata can lag ("unknown topic or partition") for a moment.
 */
export async function ensureTopics(admin: KafkaAdmin, specs: readonly TopicSpec[], replicationFactor: number, logger: Logger, minInsyncReplicas = 1): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ensureTopicsOnce(admin, specs, { replicationFactor, minInsyncReplicas }, logger);
    } catch (error) {
      if (attempt >= ATTEMPTS || (error as { retriable?: boolean }).retriable !== true) throw error;
      logger.warn({ err: error, attempt }, 'creating topics failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** `minInsyncReplicas`: how many replicas must hold a write before it is acknowledged (acks=all). */
async function ensureTopicsOnce(admin: KafkaAdmin, specs: readonly TopicSpec[], replication: { replicationFactor: number; minInsyncReplicas: number }, logger: Logger): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          ...spec,
          replicationFactor: replication.replicationFactor,
          configEntries: [...spec.configEntries, { name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }],
        })),
      });
    } catch (error) {
      // Another process may have created them between listTopics and createTopics.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
    logger.info({ topics: missing.map((spec) => spec.topic) }, 'created topics');
  }
  // Another service may have created them a moment ago, before their leaders serve them;
  // consuming then fails (NOT_LEADER_OR_FOLLOWER) and the consumer rejoins, noisily.
  await awaitServed(admin, specs.map((spec) => spec.topic));
  const present = specs.filter((spec) => existing.has(spec.topic));
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
    for (const topic of metadata.topics) {
      const wanted = present.find((spec) => spec.topic === topic.name)?.numPartitions;
      if (wanted !== undefined && topic.partitions.length !== wanted) {
        logger.warn({ topic: topic.name, partitions: topic.partitions.length, configured: wanted }, 'topic exists with a different partition count; keeping it');
      }
    }
  }
  return missing.map((spec) => spec.topic);
}

/**
 * Waits until every partition of `topics` answers ListOffsets (at most SERVED_WAIT_MS in all;
 * then the consumers' own retries take over). Metadata names a partition's leader a moment
 * before that broker serves it, so a leader in the metadata is not enough.
 */
async function awaitServed(admin: KafkaAdmin, topics: string[]): Promise<void> {
  const deadline = Date.now() + SERVED_WAIT_MS;
  const served = (topic: string): Promise<boolean> => admin.fetchTopicOffsets(topic).then(
    () => true,
    () => false,
  );
  await Promise.all(
    topics.map(async (topic) => {
      while (!(await served(topic)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, SERVED_POLL_MS));
    }),
  );
}
