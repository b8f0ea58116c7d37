/**
 * Reads offset ranges [from, to) of chosen partitions of one topic, read_committed, in
 * batches; a range without `to` is followed until the caller aborts. What the command handler
 * restores a partition with (read-to-end.ts) and what the CLI's replay and dumps read.
 *
 * kafkajs has no assign(): a consumer in a throwaway group gets every
 * partition (it is the group's only member), pauses the ones not being read and seeks the
 * others, which works only once run() has started. One reader serves several reads in a row
 * (a replay's rebuild, then its catch-ups) so the group is joined once: a join can take
 * seconds (group.initial.rebalance.delay.ms), which the last catch-up, made while the
 * projector waits, cannot afford.
 *
 * A batch fetched before a seek took effect may still arrive, so every record is checked
 * against its partition's next expected offset: nothing outside the range, nothing twice. A
 * range ends when the offsets the consumer has passed reach `to` (batch.lastOffset() counts
 * transaction markers and compacted gaps), never by waiting for a record at to - 1, which may
 * not exist.
 */
import type { KafkaClient, KafkaConsumer } from './interfaces';
import type { ConsumedRecord } from './records';
import { UnavailableError } from '../errors';

export interface OffsetRange {
  readonly partition: number;
  readonly from: bigint;
  /** Exclusive end; undefined follows the partition until aborted. */
  readonly to: bigint | undefined;
  /**
   * Also ends the range at its first record whose timestamp is at or after this (epoch ms):
   * the rule the broker's timestamp index applies, for an end in the future while following.
   */
  readonly untilTimestamp?: number;
}

export interface RangeReaderOptions {
  readonly groupId: string;
  /** Every partition of the topic: those not being read are paused. */
  readonly partitions: readonly number[];
  /** Bulk reads (replay) ask for more per fetch than interactive ones. */
  readonly maxBytesPerPartition?: number;
  /** How long a fetch waits at the end of a partition; short for dumps, longer when following. */
  readonly maxWaitTimeInMs?: number;
}

/** Records of one partition in offset order, all within its range. */
export type BatchHandler = (partition: number, messages: readonly ConsumedRecord[]) => Promise<void> | void;

export function isComplete(range: OffsetRange): boolean {
  return range.to !== undefined && range.from >= range.to;
}

/** The read in progress: its open ranges, next expected offsets, handler and outcome. */
interface Read {
  readonly open: Map<number, OffsetRange>;
  readonly next: Map<number, bigint>;
  readonly onBatch: BatchHandler;
  stopped: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

export class RangeReader {
  private readonly consumer: KafkaConsumer;
  private read: Read | undefined;
  private started = false;

  constructor(
    kafka: KafkaClient,
    private readonly topic: string,
    private readonly options: RangeReaderOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
      ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition, maxBytes: options.maxBytesPerPartition * 4 }),
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.read?.reject(new UnavailableError(`reading ${topic} failed: ${payload.error.message}`, { cause: payload.error })),
    );
    // Also fires for batches kafkajs does not hand to eachBatch (only markers or aborted records).
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic) this.passedUpTo(payload.partition, BigInt(payload.lastOffset));
    });
  }

  /**
   * Reads `ranges` to their ends, or until `signal` aborts (never rejects for that). Returns
   * the partitions whose ranges were not read to their end: none unless aborted.
   */
  async readRanges(ranges: readonly OffsetRange[], onBatch: BatchHandler, signal?: AbortSignal): Promise<number[]> {
    const open = new Map(ranges.filter((range) => !isComplete(range)).map((range) => [range.partition, range]));
    if (open.size === 0 || signal?.aborted) return [...open.keys()];
    const finished = new Promise<void>((resolve, reject) => {
      const read: Read = {
        open,
        next: new Map([...open.values()].map((range) => [range.partition, range.from])),
        onBatch,
        stopped: false,
        resolve: () => ((read.stopped = true), resolve()),
        reject: (error) => ((read.stopped = true), reject(error)),
      };
      this.read = read;
    });
    const onAbort = (): void => this.read?.resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.start();
      for (const range of open.values()) this.consumer.seek({ topic: this.topic, partition: range.partition, offset: range.from.toString() });
      this.consumer.resume([{ topic: this.topic, partitions: [...open.keys()] }]);
      await finished;
      return [...open.keys()];
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.consumer.pause([{ topic: this.topic, partitions: [...this.options.partitions] }]);
      this.read = undefined;
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatch: ({ batch, heartbeat }) => this.onBatch(batch.topic, batch.partition, batch.messages, heartbeat) });
    // Everything is paused between reads; each read resumes (after seeking) what it reads.
    this.consumer.pause([{ topic: this.topic, partitions: [...this.options.partitions] }]);
  }

  private async onBatch(topic: string, partition: number, batch: readonly ConsumedRecord[], heartbeat: () => Promise<void>): Promise<void> {
    const read = this.read;
    const range = read?.open.get(partition);
    const expected = read?.next.get(partition);
    if (read === undefined || read.stopped || topic !== this.topic || range === undefined || expected === undefined) return;
    const inRange = batch.filter((message) => {
      const offset = BigInt(message.offset);
      return offset >= expected && (range.to === undefined || offset < range.to);
    });
    const until = range.untilTimestamp;
    const cut = until === undefined ? -1 : inRange.findIndex((message) => Number(message.timestamp) >= until);
    const messages = cut < 0 ? inRange : inRange.slice(0, cut);
    const last = messages[messages.length - 1];
    if (last !== undefined) {
      read.next.set(partition, BigInt(last.offset) + 1n);
      try {
        await read.onBatch(partition, messages);
      } catch (error) {
        read.reject(error);
        return;
      }
    }
    if (cut >= 0) this.closeRange(partition);
    await heartbeat();
  }

  /**
   * The consumer has passed every offset of `partition` up to and including `passed`. Batches
   * fetched before a seek never get here: kafkajs drops fetch results of a partition with a
   * pending seek, and of paused partitions.
   */
  private passedUpTo(partition: number, passed: bigint): void {
    const range = this.read?.open.get(partition);
    if (range?.to !== undefined && passed + 1n >= range.to) this.closeRange(partition);
  }

  private closeRange(partition: number): void {
    const read = this.read;
    if (read === undefined || !read.open.delete(partition)) return;
    this.consumer.pause([{ topic: this.topic, partitions: [partition] }]);
    if (read.open.size === 0) read.resolve();
  }
}

/** One read with a reader of its own; returns the partitions not read to their end (see RangeReader.readRanges). */
export async function readRanges(
  kafka: KafkaClient,
  topic: string,
  ranges: readonly OffsetRange[],
  onBatch: BatchHandler,
  options: RangeReaderOptions & { signal?: AbortSignal },
): Promise<number[]> {
  // A reader that has nothing to read never connects.
  const reader = new RangeReader(kafka, topic, options);
  try {
    return await reader.readRanges(ranges, onBatch, options.signal);
  } finally {
    await reader.close();
  }
}
