/**
 * Every consumer's lag gauge, `eventline_consumer_lag{consumer, topic, partition}`: records
 * between where the consumer really is in each partition it holds and that partition's end.
 *
 * It is measured on a timer from the end offsets (one admin request per topic) and the
 * positions the consumer reports after each batch it finished — never from the batches
 * themselves. A consumer stuck on a failing batch keeps its position while the end moves on,
 * so its lag grows; a gauge set from inside the batch would keep the last batch's view (or 0)
 * as long as no batch succeeds.
 *
 * A partition whose position the consumer has not reported yet (just assigned, still
 * positioning) is measured from the group's committed offset, else from the partition's start
 * (every consumer group here reads from the beginning when it has nothing committed). The
 * positions are read before the end offsets, so a moving consumer never shows a position
 * past the end.
 */
import type { KafkaAdmin, KafkaClient, KafkaConsumer } from './interfaces';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger';

export const CONSUMER_LAG_METRIC = 'eventline_consumer_lag';
export const CONSUMER_LAG_INTERVAL_MS = 1_000;

export type ConsumerLagGauge = Gauge<'consumer' | 'topic' | 'partition'>;

/** The process's lag gauge: one per registry, shared by every consumer of the process. */
export function consumerLagGauge(registry: Registry): ConsumerLagGauge {
  const existing = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  if (existing !== undefined) return existing as ConsumerLagGauge;
  return new Gauge({
    name: CONSUMER_LAG_METRIC,
    help: 'Records between the consumer\'s position (the next offset it will process) and the end of each partition it holds, measured every second whatever its batches do',
    labelNames: ['consumer', 'topic', 'partition'],
    registers: [registry],
  });
}

export interface ConsumerLagOptions {
  readonly kafka: KafkaClient;
  readonly gauge: ConsumerLagGauge;
  /** The `consumer` label: a stable role (`projector`, `command-handler`, `workflow:<name>`, `gateway-fanout`). */
  readonly consumer: string;
  /** The consumer group, whose committed offsets stand in for positions not reported yet; none for groups that never commit. */
  readonly groupId?: string;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

interface Held {
  readonly topic: string;
  readonly partition: number;
}

const keyOf = (topic: string, partition: number): string => `${topic}:${partition}`;

export class ConsumerLag {
  /** The partitions the consumer holds now, by `topic:partition`. */
  private held = new Map<string, Held>();
  /** The next offset to process, as the consumer reported it. */
  private readonly positions = new Map<string, bigint>();
  /** Series set by the last measurement, so series of partitions given up are removed. */
  private reported = new Map<string, Held>();
  private admin: KafkaAdmin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private measuring: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: ConsumerLagOptions) {}

  /**
   * The consumer holds exactly these partitions now (a group join's assignment). Every
   * position is forgotten: another member may have moved a partition on meanwhile, so until
   * the consumer reports again the group's committed offset stands in.
   */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    const held = new Map<string, Held>();
    for (const [topic, partitions] of Object.entries(assignment)) for (const partition of partitions) held.set(keyOf(topic, partition), { topic, partition });
    this.positions.clear();
    this.held = held;
  }

  /** Every record of `topic`/`partition` before `next` is processed (or the consumer was positioned at `next`). */
  at(topic: string, partition: number, next: bigint): void {
    const key = keyOf(topic, partition);
    // A batch that ends after its partition was given up reports nothing.
    if (this.held.has(key)) this.positions.set(key, next);
  }

  /**
   * Also follows the fetches kafkajs moves past by itself: one that held only transaction
   * markers or aborted records (a partition that ends in an aborted transaction) is never
   * handed to the consumer's batch handler, and only kafkajs's END_BATCH_PROCESS (with no
   * records) says how far it went. Without this, such a partition would show a lag for good.
   */
  followSkippedFetches(consumer: Pick<KafkaConsumer, 'on' | 'events'>): void {
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0) this.at(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n);
    });
  }

  async start(): Promise<void> {
    this.admin = this.options.kafka.admin();
    await this.admin.connect();
    this.timer = setInterval(() => void this.measure(), this.options.intervalMs ?? CONSUMER_LAG_INTERVAL_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.measuring;
    for (const held of this.reported.values()) this.removeSeries(held);
    this.reported.clear();
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  /** One measurement (the timer's); one at a time. */
  measure(): Promise<void> {
    this.measuring ??= this.measureOnce().finally(() => (this.measuring = undefined));
    return this.measuring;
  }

  private async measureOnce(): Promise<void> {
    const admin = this.admin;
    if (admin === undefined) return;
    const { gauge, consumer, logger } = this.options;
    const held = [...this.held.values()];
    const positions = new Map(held.map(({ topic, partition }) => [keyOf(topic, partition), this.positions.get(keyOf(topic, partition))]));
    const topics = [...new Set(held.map(({ topic }) => topic))];
    try {
      const committed = await this.committedFor(admin, held.filter(({ topic, partition }) => positions.get(keyOf(topic, partition)) === undefined));
      const ends = new Map<string, { low: bigint; high: bigint }>();
      for (const offsets of await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })))) {
        for (const { partition, low, high } of offsets.partitions) ends.set(keyOf(offsets.topic, partition), { low: BigInt(low), high: BigInt(high) });
      }
      const reported = new Map<string, Held>();
      for (const { topic, partition } of held) {
        const key = keyOf(topic, partition);
        const end = ends.get(key);
        if (end === undefined) continue;
        const position = positions.get(key) ?? committed.get(key) ?? end.low;
        gauge.set({ consumer, topic, partition }, Number(end.high > position ? end.high - position : 0n));
        reported.set(key, { topic, partition });
      }
      for (const [key, gone] of this.reported) if (!reported.has(key)) this.removeSeries(gone);
      this.reported = reported;
      this.failing = false;
    } catch (error) {
      // Kafka unreachable: the gauges keep their last values; the outage shows in readiness.
      if (!this.failing) logger.warn({ err: error, consumer }, 'could not measure consumer lag; retrying every interval');
      this.failing = true;
    }
  }

  private async committedFor(admin: KafkaAdmin, unknown: readonly Held[]): Promise<Map<string, bigint>> {
    const committed = new Map<string, bigint>();
    if (unknown.length === 0 || this.options.groupId === undefined) return committed;
    const topics = [...new Set(unknown.map(({ topic }) => topic))];
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: this.options.groupId, topics })) {
      for (const { partition, offset } of partitions) if (BigInt(offset) >= 0n) committed.set(keyOf(topic, partition), BigInt(offset));
    }
    return committed;
  }

  private removeSeries({ topic, partition }: Held): void {
    this.options.gauge.remove({ consumer: this.options.consumer, topic, partition });
  }
}
