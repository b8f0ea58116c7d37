/**
 * The projector: consumes every domain's `<domain>.events` (read_committed) and keeps the
 * PostgreSQL read models up to date, one database transaction per batch of one partition
 * (apply-batch.ts), then publishes view changes (view-publisher.ts). Offsets live in
 * `projection_checkpoints`; the consumer group's offsets are only committed afterwards, as a
 * hint for lag tooling. docs/read-models.md has the whole argument.
 */
import type { BatchPayload, KafkaClient, KafkaConsumer, KafkaProducer } from '../../platform/kafka';
import type { Registry } from 'prom-client';
import { domains, type DomainModule } from '../../domains';
import type { Orm } from '../../platform/db';
import { InternalError } from '../../platform/errors';
import { ConsumerLag, consumerLagGauge, createIdempotentProducer, deadLetter, GroupMemberRecord, reportCrashes, type TopicNames } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { traceEventBatch } from '../../platform/tracing';
import { decodeCheckpoint, findReadModel, inTransaction, readCheckpoints, type AnyReadModel } from '../../read-models';
import type { Codec } from '../../schemas';
import { applyBatch, type BatchInput, type BatchOutcome, type DeadLetterEntry } from './apply-batch';
import { isDataError } from './database-errors';
import { decodeBatch } from './decode-batch';
import { createProjectorMetrics, type ProjectorMetrics } from './metrics';
import { applyIsolatingPoison } from './poison-isolation';
import { PartitionPositioner, startOffsets } from './positioning';
import { PartitionProgress } from './progress';
import { ViewPublisher } from './view-publisher';

export interface ProjectorOptions {
  kafka: KafkaClient;
  /** Database with the read-model migrations applied. */
  orm: Orm;
  topics: TopicNames;
  codec: Codec;
  logger: Logger;
  metrics: Registry;
  /** Consumer group `<appId>-projector`; one per deployment. */
  appId: string;
  /** Domains to project; all registered ones by default. */
  domains?: readonly DomainModule[];
  /**
   * Partitions whose batches are projected at the same time. Each holds a database connection
   * for its transaction, and view publishing needs one more: keep the pool at least this + 2.
   */
  partitionsConsumedConcurrently?: number;
  /** How long the group waits for a silent member (a killed instance) before moving its partitions (GROUP_SESSION_TIMEOUT_MS). */
  sessionTimeoutMs?: number;
  /** A partition with events waiting that has not advanced for this long is reported stalled (PROJECTOR_STALL_MS). */
  stallMs?: number;
  /** How often the member heartbeats (GROUP_HEARTBEAT_INTERVAL_MS). */
  heartbeatIntervalMs?: number;
  /**
   * Where the members of this machine are recorded (platform/kafka/group-members.ts), so a
   * restarted projector removes the member its killed predecessor left in the group instead
   * of waiting for that member's session timeout.
   */
  groupMembersDir?: string;
  /** The events consumer crashed and kafkajs will not restart it: the process must end (main.ts exits, its supervisor starts another). */
  onFatal(error: Error): void;
}

export const PROJECTOR_DEFAULTS = Object.freeze({
  partitionsConsumedConcurrently: 4,
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  /** Short: view changes wait for the batch that carries their event. */
  maxWaitTimeInMs: 100,
  /** About 10,000 events per partition fetch, a good size for one transaction. */
  maxBytesPerPartition: 2 * 1024 * 1024,
  stallMs: 60_000,
});

interface DomainTarget {
  domain: DomainModule;
  models: AnyReadModel[];
  deadletters: string;
}

export class Projector {
  private readonly byTopic = new Map<string, DomainTarget>();
  private readonly metrics: ProjectorMetrics;
  private readonly groupId: string;
  private readonly progress: PartitionProgress;
  private readonly lag: ConsumerLag;
  private consumer: KafkaConsumer | undefined;
  private producer: KafkaProducer | undefined;
  private positioner: PartitionPositioner | undefined;
  private publisher: ViewPublisher | undefined;
  private stopping: Promise<void> | undefined;
  private members: GroupMemberRecord | undefined;

  constructor(private readonly options: ProjectorOptions) {
    this.metrics = createProjectorMetrics(options.metrics);
    this.groupId = `${options.appId}-projector`;
    this.progress = new PartitionProgress(options.stallMs ?? PROJECTOR_DEFAULTS.stallMs);
    this.lag = new ConsumerLag({ kafka: options.kafka, gauge: consumerLagGauge(options.metrics), consumer: 'projector', groupId: this.groupId, logger: options.logger });
    for (const domain of options.domains ?? domains) {
      const models = domain.projections.map((projection) => {
        const model = findReadModel(projection.name);
        if (model === undefined || model.projection !== projection) {
          throw new InternalError(`projection ${projection.name} of ${domain.name} has no read-model definition in read-models/`);
        }
        return model;
      });
      this.byTopic.set(options.topics.domain(domain.name, 'events'), { domain, models, deadletters: options.topics.domain(domain.name, 'deadletters') });
    }
  }

  async start(): Promise<void> {
    const { kafka, logger } = this.options;
    const producer = createIdempotentProducer(kafka);
    this.producer = producer;
    await producer.connect();
    this.publisher = new ViewPublisher({
      orm: this.options.orm,
      producer,
      codec: this.options.codec,
      topics: this.options.topics,
      onPublished: (view, records) => this.metrics.viewChanges.inc({ view }, records),
    });
    const consumer = kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? PROJECTOR_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? PROJECTOR_DEFAULTS.heartbeatIntervalMs,
      maxWaitTimeInMs: PROJECTOR_DEFAULTS.maxWaitTimeInMs,
      maxBytesPerPartition: PROJECTOR_DEFAULTS.maxBytesPerPartition,
    });
    this.consumer = consumer;
    const positioner = new PartitionPositioner({ consumer, logger, locate: (topic, partitions) => this.locate(topic, partitions) });
    this.positioner = positioner;
    this.lag.followSkippedFetches(consumer);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.lag.assigned(payload.memberAssignment);
      positioner.onJoin(payload.memberAssignment);
      void this.members?.joined(payload.memberId).catch((error: unknown) => logger.warn({ err: error }, 'could not record the group member id'));
    });
    reportCrashes(consumer, { logger, message: 'events consumer crashed', onFatal: (error) => this.options.onFatal(error) });
    if (this.options.groupMembersDir !== undefined) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        this.members = await GroupMemberRecord.open(admin, this.options.groupMembersDir, this.groupId, logger);
      } finally {
        await admin.disconnect();
      }
    }
    await this.lag.start();
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.byTopic.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      // Offsets are resolved only after the batch's transaction committed.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? PROJECTOR_DEFAULTS.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Leaves the group after the batch in flight; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.positioner?.stop();
      await this.consumer?.disconnect();
      await this.lag.stop();
      await this.members?.close();
      await this.producer?.disconnect();
    })();
    return this.stopping;
  }

  /** Partitions with events waiting that have not advanced for `stallMs`, for readiness: e.g. `orders.events[0]: no progress for 75 s, 1,204 behind`. */
  stalled(): string[] {
    return this.progress.stalled();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchPayload): Promise<void> {
    const target = this.byTopic.get(batch.topic);
    if (!target || batch.isEmpty() || !isRunning() || isStale() || !this.positioner?.isReady(batch.topic, batch.partition)) return;
    const started = process.hrtime.bigint();
    const { topic, partition } = batch;
    const lastOffset = Number(batch.lastOffset());
    const behind = Math.max(0, Number(batch.highWatermark) - Number(batch.firstOffset() ?? batch.lastOffset()));
    this.progress.waiting(topic, partition, behind);
    const { events, undecodable } = decodeBatch(this.options.codec, target.domain, batch.messages);
    const input: BatchInput = { topic, partition, models: target.models, events, undecodable, lastOffset };
    const domain = target.domain.name;
    const trace = traceEventBatch(topic, partition, this.groupId, batch.messages);
    let outcome: BatchOutcome;
    try {
      outcome = await applyIsolatingPoison(
        input,
        (part) => inTransaction(this.options.orm, (session) => applyBatch(session, part, (letters) => this.sendDeadLetters(target, topic, partition, letters))),
        (error) => {
          this.metrics.projectionErrors.inc({ domain, reason: 'data' });
          this.options.logger.warn({ err: error, topic, partition, records: batch.messages.length }, 'the database refused a batch: applying it in parts to isolate the event');
        },
      );
    } catch (error) {
      this.metrics.projectionErrors.inc({ domain, reason: isDataError(error) ? 'data' : 'database' });
      trace?.end(error);
      throw error;
    }
    this.progress.advanced(topic, partition);
    try {
      for (const pending of outcome.pendingViews) await this.publisher!.publish(pending, trace?.headers);
    } catch (error) {
      // A failed publish ends the batch's span with its error, as a failed apply does.
      trace?.end(error);
      throw error;
    }
    trace?.end();
    resolveOffset(batch.lastOffset());
    // The checkpoint is the truth; the group offset only feeds lag tooling, so a failed commit is harmless.
    this.consumer!.commitOffsets([{ topic, partition, offset: String(lastOffset + 1) }]).catch((error: unknown) =>
      this.options.logger.debug({ err: error, topic, partition }, 'group offset hint not committed'),
    );
    await heartbeat();
    this.lag.at(topic, partition, BigInt(lastOffset) + 1n);
    this.observe(domain, batch.messages.length, outcome, started);
  }

  private async sendDeadLetters(target: DomainTarget, topic: string, partition: number, letters: readonly DeadLetterEntry[]): Promise<void> {
    for (const { offset, error, projection } of letters) {
      this.options.logger.warn({ err: error, topic, partition, offset, projection }, 'event record dead-lettered; moving on');
    }
    await this.producer!.send({
      topic: target.deadletters,
      acks: -1,
      messages: letters.map(({ message, error, projection }) =>
        deadLetter({ topic, partition, message }, error, projection === undefined ? this.groupId : `${this.groupId}/${projection}`),
      ),
    });
  }

  /** Start offsets of newly assigned partitions, after publishing the view changes their checkpoints still owe. */
  private async locate(topic: string, partitions: readonly number[]): Promise<Map<number, number>> {
    const target = this.byTopic.get(topic);
    if (!target) return new Map();
    const names = target.models.map((model) => model.name);
    const checkpoints = await inTransaction(this.options.orm, async (session) =>
      (await session.query(readCheckpoints(names, topic, partitions))).rows.map(decodeCheckpoint),
    );
    for (const checkpoint of checkpoints) {
      const model = target.models.find((candidate) => candidate.name === checkpoint.projection);
      if (model && checkpoint.pendingViewKeys.length > 0) {
        this.options.logger.info({ topic, partition: checkpoint.partition, view: model.view, keys: checkpoint.pendingViewKeys.length }, 'publishing view changes the checkpoint still owes');
        await this.publisher!.publish({ model, topic, partition: checkpoint.partition, keys: checkpoint.pendingViewKeys });
      }
    }
    const starts = startOffsets(names, partitions, checkpoints);
    for (const [partition, offset] of starts) this.lag.at(topic, partition, BigInt(offset));
    return starts;
  }

  private observe(domain: string, records: number, outcome: BatchOutcome, started: bigint): void {
    const { metrics } = this;
    metrics.eventsApplied.inc({ domain }, outcome.events);
    metrics.batchSize.observe({ domain }, records);
    for (const letter of outcome.deadLetters) metrics.deadLetters.inc({ domain, reason: letter.projection === undefined ? 'decode' : 'projection' });
    metrics.batchSeconds.observe({ domain }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
