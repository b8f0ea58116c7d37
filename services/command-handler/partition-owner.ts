/**
 * Everything the handler holds for one commands partition it owns: the transactional
 * producer whose id is tied to that partition, and the partition's aggregates — the hot ones
 * in a bounded cache (state/aggregate-cache.ts), all of them in the partition's store on disk
 * (state/partition-store.ts), a copy of the snapshots partition.
 *
 * Ownership starts in a fixed order: first the producer connects (its transactional id
 * `<app>-<topic>-<partition>` fences a previous owner and resolves its open transaction; the
 * store on disk is opened meanwhile), then the store is brought up to the end of the compacted snapshots partition
 * (state/restore.ts: only the tail when the store on this disk is recent) and the handler's
 * position read from it. Only then is any command of the partition decided, so decisions see
 * every committed event and start after the last decided command.
 */
import path from 'node:path';
import type { KafkaAdmin, KafkaClient, KafkaProducer } from '../../platform/kafka';
import { createIdempotentProducer } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { Codec } from '../../schemas';
import { fromSnapshot, type AggregateRecord, type SnapshotRecord } from './aggregate';
import { POSITION_KEY, positionOf } from './position';
import { AggregateCache } from './state/aggregate-cache';
import { PartitionStore, type StoredRecord } from './state/partition-store';
import { restoreStore, type RestoreReport } from './state/restore';

export interface PartitionOwnerOptions {
  kafka: KafkaClient;
  admin: KafkaAdmin;
  codec: Codec;
  clusterId: string;
  commandsTopic: string;
  snapshotsTopic: string;
  partition: number;
  transactionalId: string;
  groupIdPrefix: string;
  /** Directory of this handler's partition stores; the store is `<stateDir>/<snapshots topic>-<partition>`. */
  stateDir: string;
  /** Aggregates kept decoded in memory for this partition. */
  cacheCapacity: number;
  /** The handler group's heartbeat, kept going through a long restore. */
  heartbeat: () => Promise<void>;
  logger: Logger;
}

export class PartitionOwner {
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
  private readonly cache: AggregateCache;
  /** The store write of the last committed batch (see committed). */
  private storing: Promise<void> = Promise.resolve();

  private constructor(
    readonly partition: number,
    readonly producer: KafkaProducer,
    private readonly store: PartitionStore,
    private readonly codec: Codec,
    cacheCapacity: number,
    /** What taking the partition over read from Kafka. */
    readonly restored: RestoreReport,
  ) {
    this.cache = new AggregateCache(cacheCapacity);
  }

  static async acquire(options: PartitionOwnerOptions): Promise<PartitionOwner> {
    const started = Date.now();
    const producer = createIdempotentProducer(options.kafka, { transactionalId: options.transactionalId, transactionTimeout: 30_000 });
    // The store opens while the producer fences; only the restore must wait for the fence.
    const [fenced, opened] = await Promise.allSettled([
      producer.connect().then(() => Date.now() - started),
      PartitionStore.open(path.join(options.stateDir, `${options.snapshotsTopic}-${options.partition}`), options.logger),
    ]);
    const store = opened.status === 'fulfilled' ? opened.value : undefined;
    try {
      if (fenced.status === 'rejected') throw fenced.reason;
      if (opened.status === 'rejected') throw opened.reason;
      const restoreStarted = Date.now();
      const restored = await restoreStore(opened.value, {
        kafka: options.kafka,
        admin: options.admin,
        clusterId: options.clusterId,
        topic: options.snapshotsTopic,
        partition: options.partition,
        groupIdPrefix: options.groupIdPrefix,
        logger: options.logger,
        heartbeat: options.heartbeat,
      });
      const restoreMs = Date.now() - restoreStarted;
      const owner = new PartitionOwner(options.partition, producer, opened.value, options.codec, options.cacheCapacity, restored);
      const [position] = await opened.value.getMany([POSITION_KEY]);
      owner.nextCommandOffset = position === undefined ? undefined : positionOf(options.codec, POSITION_KEY, position);
      options.logger.info(
        {
          topic: options.commandsTopic,
          partition: options.partition,
          ...restored,
          nextCommandOffset: owner.nextCommandOffset?.toString() ?? null,
          ms: Date.now() - started,
          fenceMs: fenced.value,
          restoreMs,
        },
        'partition acquired: store restored from snapshots, position read',
      );
      return owner;
    } catch (error) {
      await store?.close().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The committed state of the aggregates `aggregateIds` (a batch's): those not cached are read
   * from the store in one call and decoded. The lookup answers undefined for an aggregate that
   * has none yet; it is valid until the next `committed`.
   */
  async aggregates(aggregateIds: readonly string[]): Promise<(aggregateId: string) => AggregateRecord | undefined> {
    const missing = [...new Set(aggregateIds.filter((aggregateId) => this.cache.get(aggregateId) === undefined))];
    const loaded = new Map<string, AggregateRecord>();
    if (missing.length > 0) {
      const stored = await this.store.getMany(missing);
      missing.forEach((aggregateId, index) => {
        const value = stored[index];
        if (value !== undefined) loaded.set(aggregateId, fromSnapshot(this.codec.decode(value).value as SnapshotRecord));
      });
    }
    return (aggregateId) => this.cache.get(aggregateId) ?? loaded.get(aggregateId);
  }

  /**
   * A transaction committed: its aggregates become the current state (cached), and its snapshot
   * records (with the position) are queued for the store with the snapshots offset after them.
   * Never call it before the commit: the store must not hold a write Kafka does not have.
   *
   * It does not wait for that write, so the next batch is fetched and decided while LevelDB
   * writes (reads see queued records), but it waits for the previous batch's write: at most one
   * is in flight, and one that failed throws here. The store is then behind the log, never
   * ahead, and the partition is given up, so the next owner restores the tail it lacks.
   */
  async committed(changed: Iterable<AggregateRecord>, snapshots: readonly StoredRecord[], nextSnapshotsOffset: bigint | undefined): Promise<void> {
    for (const record of changed) this.cache.set(record);
    await this.storing;
    this.storing = this.store.write(snapshots, nextSnapshotsOffset);
    // Observed by the next call; a rejection must not go unhandled meanwhile.
    this.storing.catch(() => undefined);
  }

  /** Waits for the queued store write and closes the store. */
  async release(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.store.close().catch(() => undefined);
  }
}
