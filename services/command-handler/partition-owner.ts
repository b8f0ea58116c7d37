/**
 * Everything the handler holds for one commands partition it owns: the transactional
 * producer whose id is tied to that partition, and the aggregates of that partition.
 *
 * Ownership starts in a fixed order: first the producer connects (its transactional id
 * `<app>-<topic>-<partition>` fences a previous owner and resolves its open transaction),
 * then the aggregates and the handler's position are restored from the compacted snapshots
 * partition up to its end. Only then is any command of the partition decided, so decisions
 * see every committed event and start after the last decided command.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { createIdempotentProducer, readPartitionsToEnd } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { fromSnapshot, type AggregateRecord, type SnapshotRecord } from './aggregate';
import type { Codec } from '../../schemas';
import { positionOf } from './position';

export interface PartitionOwnerOptions {
  kafka: Kafka;
  admin: Admin;
  codec: Codec;
  commandsTopic: string;
  snapshotsTopic: string;
  partition: number;
  transactionalId: string;
  groupIdPrefix: string;
  logger: Logger;
}

export class PartitionOwner {
  readonly aggregates = new Map<string, AggregateRecord>();
  /**
   * Where the next event of this partition will land, once a transaction with events
   * committed: this owner is the only writer of its events partition, and a commit marker
   * follows the last event. Unknown (undefined) after acquisition and after a missed
   * prediction, until the next commit with events.
   */
  nextEventOffset: number | undefined;
  /**
   * The first commands offset not yet decided (position.ts): restored with the snapshots,
   * advanced by every commit. Undefined only for a partition no transaction has written a
   * position for yet (new, or written before positions existed): the group's offset rules.
   */
  nextCommandOffset: bigint | undefined;
  /** Whether the consumer was already moved to `nextCommandOffset` once (see batchStart). */
  sought = false;
  private constructor(
    readonly partition: number,
    readonly producer: Producer,
  ) {}

  static async acquire(options: PartitionOwnerOptions): Promise<PartitionOwner> {
    const started = Date.now();
    const producer = createIdempotentProducer(options.kafka, { transactionalId: options.transactionalId, transactionTimeout: 30_000 });
    await producer.connect();
    const owner = new PartitionOwner(options.partition, producer);
    try {
      const restored = await readPartitionsToEnd(
        options.kafka,
        options.admin,
        options.snapshotsTopic,
        [options.partition],
        (message) => {
          const key = message.key?.toString();
          if (key === undefined) return;
          if (message.value === null) {
            owner.aggregates.delete(key);
            return;
          }
          const position = positionOf(options.codec, key, message.value);
          if (position !== undefined) {
            owner.nextCommandOffset = position;
            return;
          }
          const snapshot = options.codec.decode(message.value).value as SnapshotRecord;
          owner.aggregates.set(snapshot.aggregateId, fromSnapshot(snapshot));
        },
        { groupIdPrefix: options.groupIdPrefix },
      );
      options.logger.info(
        {
          topic: options.commandsTopic,
          partition: options.partition,
          snapshots: restored,
          aggregates: owner.aggregates.size,
          nextCommandOffset: owner.nextCommandOffset?.toString() ?? null,
          ms: Date.now() - started,
        },
        'partition acquired: state and position restored from snapshots',
      );
      return owner;
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
