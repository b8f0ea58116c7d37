/**
 * What the workflow service holds for one source partition it owns: the transactional
 * producer tied to that partition, the state of the partition's source aggregates, and where
 * reacting resumes.
 *
 * Ownership starts in a fixed order. The producer connects first: its transactional id
 * `<app>-workflow-<name>-<topic>-<partition>` fences a previous owner and resolves its open
 * transaction. Only then are the state (the state topic's partition, read to its end) and the
 * group's committed offset read: both now include every transaction the previous owner
 * committed and nothing it can still commit, because all three went out in the same ones.
 */
import type { KafkaAdmin, KafkaClient, KafkaProducer } from '../../platform/kafka';
import { createIdempotentProducer, readPartitionsToEnd } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { AggregateProgress } from './reaction-records';

export interface WorkflowPartitionOptions {
  kafka: KafkaClient;
  admin: KafkaAdmin;
  groupId: string;
  sourceTopic: string;
  /** `<domain>/` : the state keys of this source topic's aggregates. */
  stateKeyPrefix: string;
  stateTopic: string;
  partition: number;
  transactionalId: string;
  logger: Logger;
}

export class WorkflowPartition {
  private constructor(
    readonly producer: KafkaProducer,
    /** Source aggregates of this partition by state key. Changed only after a commit. */
    readonly progress: Map<string, AggregateProgress>,
    /** The first source offset not reacted to yet; undefined when the group has none committed. */
    public nextOffset: bigint | undefined,
  ) {}

  static async acquire(options: WorkflowPartitionOptions): Promise<WorkflowPartition> {
    const { kafka, admin, partition, logger } = options;
    const producer = createIdempotentProducer(kafka, { transactionalId: options.transactionalId, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const progress = new Map<string, AggregateProgress>();
      const records = await readPartitionsToEnd(
        kafka,
        admin,
        options.stateTopic,
        [partition],
        (message) => {
          const key = message.key?.toString('utf8');
          if (key === undefined || !key.startsWith(options.stateKeyPrefix)) return;
          if (message.value === null) progress.delete(key);
          else progress.set(key, JSON.parse(message.value.toString('utf8')) as AggregateProgress);
        },
        { groupIdPrefix: `${options.groupId}-restore` },
      );
      const [committed] = await admin.fetchOffsets({ groupId: options.groupId, topics: [options.sourceTopic] });
      const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset;
      const nextOffset = offset === undefined || offset === '-1' ? undefined : BigInt(offset);
      logger.info({ topic: options.sourceTopic, partition, stateRecords: records, aggregates: progress.size, nextOffset: nextOffset?.toString() }, 'workflow partition acquired');
      return new WorkflowPartition(producer, progress, nextOffset);
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
