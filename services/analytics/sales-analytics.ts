/**
 * The analytics consumer: reads `orders.events` (read_committed, its own group
 * `<KAFKA_CLIENT_ID>-analytics`) and adds each batch's sales increments to PostgreSQL.
 *
 * Exactly-once counting comes from the database, not from Kafka, exactly as in the
 * projector: per batch, one database transaction locks the partition's checkpoint (a
 * `projection_checkpoints` row named ANALYTICS_CHECKPOINT), skips records at or below it,
 * adds the increments of the rest and advances the checkpoint. Kafka offsets are committed
 * only after that transaction, so they never run ahead of the tables; when they lag (a crash
 * in between, a rebalance, a reset of the group), the checkpoint turns the redelivery into a
 * no-op. The checkpoint belongs to the tables, not to the group: a deployment with another
 * KAFKA_CLIENT_ID carries on where the tables stand instead of counting everything again.
 *
 * A record that is not a decodable orders event goes to `orders.deadletters` with the
 * reason (invariant 8) and is skipped. Dead letters are sent inside the transaction, before
 * its commit: a failure after sending them repeats them on redelivery (duplicates in the
 * dead-letter topic) but can never lose one.
 */
import type { BatchPayload, ConsumedBatch, KafkaClient, KafkaConsumer, KafkaProducer, ProducedRecord } from '../../platform/kafka';
import { Counter, type Registry } from 'prom-client';
import type { RecordedEvent } from '../../domains';
import type { OrderEvent } from '../../domains/orders';
import type { Orm } from '../../platform/db';
import { DecodeError } from '../../platform/errors';
import { createIdempotentProducer, deadLetter, reportCrashes, type TopicNames } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { decodeCheckpoint, inTransaction, lockCheckpoints, writeCheckpoint } from '../../read-models';
import type { Codec } from '../../schemas';
import { toOrderEvent } from './order-events';
import { salesIncrements } from './sales-increments';
import { addSalesIncrements } from './sales-tables';

export interface SalesAnalyticsOptions {
  kafka: KafkaClient;
  topics: TopicNames;
  codec: Codec;
  orm: Orm;
  logger: Logger;
  metrics: Registry;
  /** KAFKA_CLIENT_ID: the consumer group is `<appId>-analytics`. */
  appId: string;
  /** The consumer crashed and kafkajs will not restart it: the process must end (main.ts exits, its supervisor starts another). */
  onFatal(error: Error): void;
}

/** Partitions worked on at once; each holds one pooled database connection while it does. */
export const ANALYTICS_CONCURRENCY = 4;

/** Name of the analytics tables' rows in `projection_checkpoints`. */
export const ANALYTICS_CHECKPOINT = 'analytics_sales';

type DecodedRecord = { offset: number; event: RecordedEvent<OrderEvent> } | { offset: number; deadLetter: ProducedRecord };

export class SalesAnalytics {
  readonly groupId: string;
  private readonly eventsTopic: string;
  private readonly deadLettersTopic: string;
  private readonly records: Counter<'result'>;
  private consumer: KafkaConsumer | undefined;
  private producer: KafkaProducer | undefined;

  constructor(private readonly options: SalesAnalyticsOptions) {
    this.groupId = `${options.appId}-analytics`;
    this.eventsTopic = options.topics.domain('orders', 'events');
    this.deadLettersTopic = options.topics.domain('orders', 'deadletters');
    this.records = new Counter({
      name: 'eventline_analytics_records_total',
      help: 'orders.events records by result: counted, duplicate (at or below the checkpoint, skipped), dead_lettered',
      labelNames: ['result'],
      registers: [options.metrics],
    });
  }

  async start(): Promise<void> {
    const { kafka, logger } = this.options;
    this.producer = createIdempotentProducer(kafka);
    await this.producer.connect();
    const consumer = kafka.consumer({ groupId: this.groupId, readUncommitted: false, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    reportCrashes(consumer, { logger, message: 'analytics consumer crashed', onFatal: (error) => this.options.onFatal(error) });
    await consumer.connect();
    // A new group starts from the beginning; the checkpoint skips whatever the tables already hold.
    await consumer.subscribe({ topic: this.eventsTopic, fromBeginning: true });
    await consumer.run({
      // Offsets are resolved only after the database commit: Kafka must never run ahead of the tables.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: ANALYTICS_CONCURRENCY,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Safe to call twice, and before start. The consumer goes first: it waits for the batch in flight, which may still send dead letters. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchPayload): Promise<void> {
    if (!isRunning() || isStale()) return;
    if (batch.isEmpty()) {
      // Only transaction markers or aborted records: nothing to count, but commit past them.
      resolveOffset(batch.lastOffset());
      return;
    }
    const decoded = this.decode(batch);
    const { topic, partition } = batch;
    const lastOffset = Number(batch.lastOffset());
    let counted = 0;
    let deadLetters = 0;
    await inTransaction(this.options.orm, async (session) => {
      const [locked] = (await session.query(lockCheckpoints([ANALYTICS_CHECKPOINT], topic, partition))).rows;
      const checkpoint = decodeCheckpoint(locked!);
      const fresh = decoded.filter((record) => record.offset > checkpoint.lastOffset);
      const events = fresh.flatMap((record) => ('event' in record ? [record.event] : []));
      const failures = fresh.flatMap((record) => ('deadLetter' in record ? [record.deadLetter] : []));
      if (failures.length > 0) await this.producer!.send({ topic: this.deadLettersTopic, acks: -1, messages: failures });
      for (const statement of addSalesIncrements(salesIncrements(events))) await session.query(statement);
      if (lastOffset > checkpoint.lastOffset) await session.query(writeCheckpoint(topic, { ...checkpoint, lastOffset }));
      counted = events.length;
      deadLetters = failures.length;
    });
    resolveOffset(batch.lastOffset());
    await heartbeat();
    this.records.inc({ result: 'counted' }, counted);
    this.records.inc({ result: 'dead_lettered' }, deadLetters);
    this.records.inc({ result: 'duplicate' }, decoded.length - counted - deadLetters);
    if (deadLetters > 0) {
      this.options.logger.warn({ topic, partition, deadLetters, to: this.deadLettersTopic }, 'undecodable records dead-lettered (reasons in their headers)');
    }
  }

  private decode(batch: ConsumedBatch): DecodedRecord[] {
    return batch.messages.map((message) => {
      const offset = Number(message.offset);
      try {
        if (!message.value) throw new DecodeError('record has no value');
        return { offset, event: toOrderEvent(this.options.codec.decode(message.value)) };
      } catch (error) {
        return { offset, deadLetter: deadLetter({ topic: batch.topic, partition: batch.partition, message }, error, this.groupId) };
      }
    });
  }
}
