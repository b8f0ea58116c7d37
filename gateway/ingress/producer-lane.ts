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
 * A flush that Kafka does not acknowledge within `flushTimeoutMs` (the idempotent producer
 * retries forever) answers its commands, and everything queued, UNAVAILABLE; until it
 * ends, new commands are refused at once rather than queued. The client retries with the
 * same command id, which the command handler deduplicates if the first attempt was written
 * after all.
 */
import type { Message, Producer, RecordMetadata } from 'kafkajs';
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
  /** How long one flush may wait for Kafka before its commands are answered UNAVAILABLE. */
  readonly flushTimeoutMs: number;
}

/** A record with its partition chosen (the lane reads its offset back by partition). */
export interface PlacedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: Message;
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
}

export class ProducerLane {
  private queue: Queued[] = [];
  private inFlight = false;
  private scheduled = false;
  private stalled = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(
    private readonly producer: Pick<Producer, 'sendBatch' | 'disconnect'>,
    private readonly options: LaneOptions,
    private readonly metrics: Pick<GatewayMetrics, 'produceBatchSize'>,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the record is durably in Kafka; rejects UNAVAILABLE (retriable). */
  publish(record: PlacedRecord): Promise<RecordPosition> {
    if (this.closing) return Promise.reject(new UnavailableError('the gateway is shutting down'));
    if (this.stalled) return Promise.reject(new UnavailableError(`Kafka has not acknowledged writes for ${this.options.flushTimeoutMs} ms`));
    if (this.queue.length >= this.options.maxQueuedRecords) return Promise.reject(new UnavailableError('too many commands are waiting for Kafka'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...record, resolve, reject });
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
    this.inFlight = true;
    this.metrics.produceBatchSize.observe(batch.length);
    const timer = setTimeout(() => this.stall(batch), this.options.flushTimeoutMs);
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
        clearTimeout(timer);
        this.inFlight = false;
        this.stalled = false;
        // What queued up meanwhile is the next batch: send it now, not a tick later.
        this.flush();
      });
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

  /** The in-flight flush ran out of time: answer its commands and the queue; refuse new ones until it ends. */
  private stall(batch: readonly Queued[]): void {
    this.stalled = true;
    const waiting = this.queue;
    this.queue = [];
    this.logger.warn({ records: batch.length, queued: waiting.length, timeoutMs: this.options.flushTimeoutMs }, 'Kafka has not acknowledged a command batch in time');
    const error = new UnavailableError(`Kafka did not acknowledge within ${this.options.flushTimeoutMs} ms; the command may still be written: retry with the same id`);
    fail(batch, error);
    fail(waiting, error);
    // Every caller has its answer; shutting down need not wait for kafkajs's endless retries.
    if (this.closing) this.drained?.();
  }
}

function acknowledge(batch: readonly Queued[], metadata: RecordMetadata[]): void {
  let offsets: string[];
  try {
    offsets = assignOffsets(batch, metadata);
  } catch (error) {
    fail(batch, toEventlineError(error));
    return;
  }
  batch.forEach((item, index) => item.resolve({ partition: item.partition, offset: offsets[index] as string }));
}

function fail(items: readonly Queued[], error: EventlineError): void {
  for (const item of items) item.reject(error);
}

/** One entry per topic, each topic's messages in queue order (which keeps each partition's order). */
function topicMessagesOf(batch: readonly Queued[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
