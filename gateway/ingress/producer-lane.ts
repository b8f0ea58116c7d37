/**
 * One idempotent producer with its queue: commands go into the queue, and a flush sends
 * the queue with one `producer.sendBatch` (acks -1: invariant 1). kafkajs has no linger —
 * each `send` is one produce request — so this queue is the batching.
 *
 * Exactly one flush is in flight per lane; commands arriving meanwhile form the next batch,
 * so batches grow with load the way a producer's linger would, without adding latency when
 * idle (an idle queue flushes on the next tick). Why not several flushes on one producer:
 * - kafkajs's idempotent producer holds a per-broker lock around each produce request
 *   (kafkajs PR #1050), so they would mostly queue behind that lock;
 * - when a request fails or times out, kafkajs rolls its sequence numbers back and retries
 *   it, and a later flush waiting on the lock takes those numbers first. That reorders a
 *   partition's records, and if the broker did write the timed-out request, it takes the
 *   later flush for a duplicate and drops it while acknowledging it: an acked command that
 *   is not in Kafka. With one request in flight the retry reuses its own numbers, which is
 *   what idempotence deduplicates.
 * Parallelism comes from several lanes, each its own producer (command-publisher.ts).
 *
 * Every command has `commandTimeoutMs` from the moment it is queued (COMMAND_TIMEOUT_MS),
 * whatever happens to the flushes before it: when its time is up before Kafka acknowledged
 * it, it is answered UNAVAILABLE (the idempotent producer retries forever, so it may still
 * be written). When a command of the flush in flight runs out of time, Kafka is not
 * answering: everything queued is answered too, and until that flush ends new commands are
 * refused at once rather than queued. The client retries with the same command id, which
 * the command handler deduplicates if the first attempt was written after all.
 */
import type { KafkaProducer, ProducedOffsets, ProducedRecord } from '../../platform/kafka';
import { toEventlineError, UnavailableError, type EventlineError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayMetrics } from '../metrics';
import { assignOffsets } from './offsets';

export interface LaneOptions {
  /** Most records per produce request. */
  readonly maxBatchRecords: number;
  /** Most key + value bytes per produce request. */
  readonly maxBatchBytes: number;
  /** Most commands waiting for a flush in this lane; beyond it commands are refused UNAVAILABLE. */
  readonly maxQueuedRecords: number;
  /** How long a command may wait for Kafka's acknowledgement, from when it is queued, before it is answered UNAVAILABLE. */
  readonly commandTimeoutMs: number;
}

/** A record with its partition chosen (the lane reads its offset back by partition). */
export interface PlacedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: ProducedRecord;
  /** Key + value bytes, for the batch byte limit. */
  readonly bytes: number;
}

export interface RecordPosition {
  readonly partition: number;
  readonly offset: string;
}

interface Queued extends PlacedRecord {
  readonly resolve: (position: RecordPosition) => void;
  readonly reject: (error: EventlineError) => void;
  /** performance.now() at which the command runs out of time. */
  readonly deadline: number;
  /** Answered (acknowledged, failed or timed out); a later answer is ignored. */
  settled: boolean;
}

export class ProducerLane {
  private queue: Queued[] = [];
  /** The batch being sent, if a flush is in flight. */
  private inFlight: Queued[] | undefined;
  /** Fires at the earliest deadline of a command not answered yet. */
  private expiry: NodeJS.Timeout | undefined;
  private scheduled = false;
  private stalled = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(
    private readonly producer: Pick<KafkaProducer, 'sendBatch' | 'disconnect'>,
    private readonly options: LaneOptions,
    private readonly metrics: Pick<GatewayMetrics, 'produceBatchSize'>,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the record is durably in Kafka; rejects UNAVAILABLE (retriable). */
  publish(record: PlacedRecord): Promise<RecordPosition> {
    if (this.closing) return Promise.reject(new UnavailableError('the gateway is shutting down'));
    if (this.stalled) return Promise.reject(new UnavailableError(`Kafka has not acknowledged writes within ${this.options.commandTimeoutMs} ms`));
    if (this.queue.length >= this.options.maxQueuedRecords) return Promise.reject(new UnavailableError('too many commands are waiting for Kafka'));
    return new Promise((resolve, reject) => {
      // Field by field: a spread followed by new properties costs V8 20–40 times this literal (docs/performance-notes.md).
      const { topic, partition, message, bytes } = record;
      this.queue.push({ topic, partition, message, bytes, resolve, reject, deadline: performance.now() + this.options.commandTimeoutMs, settled: false });
      if (this.expiry === undefined) this.armExpiry();
      if (!this.scheduled && !this.inFlight) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Stops taking commands, writes everything queued, then disconnects the producer. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.inFlight || this.queue.length > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      clearTimeout(this.expiry);
      await this.producer.disconnect();
    })();
    return this.closing;
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.inFlight) return;
    if (this.queue.length === 0) {
      this.drained?.();
      return;
    }
    const batch = this.takeBatch();
    this.inFlight = batch;
    this.metrics.produceBatchSize.observe(batch.length);
    this.producer
      .sendBatch({ acks: -1, topicMessages: topicMessagesOf(batch) })
      .then(
        (metadata) => acknowledge(batch, metadata),
        (error: unknown) => {
          this.logger.warn({ err: error, records: batch.length }, 'Kafka refused a command batch');
          fail(batch, new UnavailableError('Kafka did not accept the command; retry with the same id', { cause: error }));
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        this.stalled = false;
        this.armExpiry();
        // What queued up meanwhile is the next batch: send it now, not a tick later.
        this.flush();
      });
  };

  /** Sets the timer to the earliest deadline of a command not answered yet: in flight first, the queue is younger. */
  private armExpiry(): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
    const next = this.inFlight?.find((item) => !item.settled) ?? this.queue[0];
    if (next !== undefined) this.expiry = setTimeout(this.expire, Math.max(0, next.deadline - performance.now()));
  }

  /** Answers the commands whose time is up; if one of them is in flight, the whole queue too, and refuses new ones until that flush ends. */
  private readonly expire = (): void => {
    this.expiry = undefined;
    const now = performance.now();
    const error = new UnavailableError(`Kafka did not acknowledge the command within ${this.options.commandTimeoutMs} ms; it may still be written: retry with the same id`);
    const late = (this.inFlight ?? []).filter((item) => !item.settled && item.deadline <= now);
    if (late.length > 0) {
      this.stalled = true;
      const waiting = this.queue;
      this.queue = [];
      this.logger.warn({ records: late.length, queued: waiting.length, timeoutMs: this.options.commandTimeoutMs }, 'Kafka has not acknowledged commands in time');
      fail(late, error);
      fail(waiting, error);
      // Every caller has its answer; shutting down need not wait for kafkajs's endless retries.
      if (this.closing && this.inFlight?.every((item) => item.settled)) this.drained?.();
    } else {
      const expired = this.queue.findIndex((item) => item.deadline > now);
      fail(this.queue.splice(0, expired < 0 ? this.queue.length : expired), error);
    }
    this.armExpiry();
  };

  private takeBatch(): Queued[] {
    const { maxBatchRecords, maxBatchBytes } = this.options;
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < maxBatchRecords) {
      const next = this.queue[count] as Queued;
      if (count > 0 && bytes + next.bytes > maxBatchBytes) break;
      bytes += next.bytes;
      count += 1;
    }
    if (count === this.queue.length) {
      const all = this.queue;
      this.queue = [];
      return all;
    }
    return this.queue.splice(0, count);
  }
}

function acknowledge(batch: readonly Queued[], metadata: ProducedOffsets[]): void {
  let offsets: string[];
  try {
    offsets = assignOffsets(batch, metadata);
  } catch (error) {
    fail(batch, toEventlineError(error));
    return;
  }
  batch.forEach((item, index) => {
    if (item.settled) return;
    item.settled = true;
    item.resolve({ partition: item.partition, offset: offsets[index] as string });
  });
}

function fail(items: readonly Queued[], error: EventlineError): void {
  for (const item of items) {
    if (item.settled) continue;
    item.settled = true;
    item.reject(error);
  }
}

/** One entry per topic, each topic's messages in queue order (which keeps each partition's order). */
function topicMessagesOf(batch: readonly Queued[]): { topic: string; messages: ProducedRecord[] }[] {
  const byTopic = new Map<string, ProducedRecord[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
