/**
 * The command handler: consumes `<domain>.commands` and, per batch of one partition, decides
 * the commands and writes in ONE Kafka transaction the events (`<domain>.events`), the changed
 * aggregates and the handler's position after the batch (`<domain>.snapshots`, position.ts),
 * one outcome per command (`<domain>.outcomes`) and dead letters. Either all of it becomes
 * visible to read_committed readers or none of it does, which is what makes each accepted
 * command's events appear exactly once even when the process is killed mid-batch or the
 * group rebalances.
 */
import path from 'node:path';
import type { BatchPayload, ConsumedBatch, ConsumedRecord, KafkaAdmin, KafkaClient, KafkaConsumer, ProducedRecord } from '../../platform/kafka';
import type { Registry } from 'prom-client';
import { domains, type DomainModule, type RecordedEvent } from '../../domains';
import { chunkMessages, ConsumerLag, consumerLagGauge, deadLetter, eventCloudHeaders, GroupMemberRecord, outcomeCloudHeaders, type TopicNames } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { traceCommandBatch, type CommandBatchTrace } from '../../platform/tracing';
import { toSnapshot } from './aggregate';
import type { Codec, eventline } from '../../schemas';
import { createHandlerMetrics, type HandlerMetrics } from './metrics';
import { GroupOffsets } from './group-offsets';
import { PartitionOwner } from './partition-owner';
import { followGroup, leaveGroup } from '../group-membership';
import { nextOffsetAfter, PartitionOwners } from '../partition-owners';
import { batchStart, positionMessage } from './position';
import { assignEventOffsets, planBatch, type BatchPlan, type IncomingCommand } from './plan-batch';
import type { StoredRecord } from './state/partition-store';

export interface CommandHandlerOptions {
  kafka: KafkaClient;
  topics: TopicNames;
  codec: Codec;
  logger: Logger;
  metrics: Registry;
  /** Consumer group id and transactional id prefix; one per deployment. */
  appId: string;
  /** Called when the consumer stopped for good (kafkajs will not restart it). */
  onFatal(error: Error): void;
  /**
   * Most command bytes fetched per partition, i.e. the input of one transaction (kafkajs
   * default 1 MiB). Larger values mean fewer, bigger transactions under a backlog.
   */
  maxBytesPerPartition?: number;
  /**
   * How often the consumer group's offsets are committed (default 1,000 ms). They only feed
   * lag tools: where a partition resumes is the position written in each transaction.
   */
  offsetCommitIntervalMs?: number;
  /** Domains to handle; all registered ones by default. */
  domains?: readonly DomainModule[];
  /** Where the partition stores live (HANDLER_STATE_DIR; docs/command-handling.md, "The state store"). */
  stateDir: string;
  /** Aggregates kept decoded in memory per owned partition (HANDLER_CACHE_AGGREGATES); default 20,000. */
  cacheAggregates?: number;
  /** The group's session timeout and heartbeat interval (GROUP_SESSION_TIMEOUT_MS, GROUP_HEARTBEAT_INTERVAL_MS); default 6,000 / 1,000 ms. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * Where the members of this machine are recorded (platform/kafka/group-members.ts), so a
   * restarted handler removes the member its killed predecessor left in the group. Without
   * it the group waits for that member's session timeout.
   */
  groupMembersDir?: string;
}

export const HANDLER_DEFAULTS = Object.freeze({ cacheAggregates: 20_000, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 });

/** What a committed transaction leaves for the partition store. */
interface Written {
  snapshots: StoredRecord[];
  /** The snapshots offset after the transaction's last snapshot record; undefined when not known. */
  nextSnapshotsOffset: bigint | undefined;
}

const EVENT_TYPE_HEADER = 'eventline-type';

interface DomainTopics {
  domain: DomainModule;
  events: string;
  snapshots: string;
  outcomes: string;
  deadletters: string;
}

export class CommandHandler {
  private readonly byCommandsTopic = new Map<string, DomainTopics>();
  /** The commands partitions this member owns, and the batches in hand (stop waits for them before the last group-offset commit). */
  private readonly owned = new PartitionOwners<PartitionOwner>();
  private readonly metrics: HandlerMetrics;
  private readonly groupId: string;
  private stopping = false;
  private consumer: KafkaConsumer | undefined;
  private admin: KafkaAdmin | undefined;
  private groupOffsets: GroupOffsets | undefined;
  private readonly lag: ConsumerLag;
  private clusterId = '';
  private members: GroupMemberRecord | undefined;

  constructor(private readonly options: CommandHandlerOptions) {
    this.metrics = createHandlerMetrics(options.metrics);
    this.groupId = `${options.appId}-command-handler`;
    this.lag = new ConsumerLag({ kafka: options.kafka, gauge: consumerLagGauge(options.metrics), consumer: 'command-handler', groupId: this.groupId, logger: options.logger });
    for (const domain of options.domains ?? domains) {
      const topic = (kind: 'events' | 'snapshots' | 'outcomes' | 'deadletters'): string => options.topics.domain(domain.name, kind);
      this.byCommandsTopic.set(options.topics.domain(domain.name, 'commands'), {
        domain,
        events: topic('events'),
        snapshots: topic('snapshots'),
        outcomes: topic('outcomes'),
        deadletters: topic('deadletters'),
      });
    }
  }

  async start(): Promise<void> {
    const { kafka, logger } = this.options;
    this.admin = kafka.admin();
    await this.admin.connect();
    // A partition store copied from another cluster (e.g. after `npm start -- --fresh`) is wiped.
    this.clusterId = (await this.admin.describeCluster()).clusterId;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? HANDLER_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? HANDLER_DEFAULTS.heartbeatIntervalMs,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1024 * 1024,
    });
    this.consumer = consumer;
    followGroup(consumer, this.owned, () => this.members, {
      logger,
      joined: 'joined the command-handler group',
      crashed: 'command consumer crashed',
      onFatal: (error) => this.options.onFatal(error),
      onAssigned: (assignment) => this.lag.assigned(assignment),
    });
    if (this.options.groupMembersDir !== undefined) this.members = await GroupMemberRecord.open(this.admin, this.options.groupMembersDir, this.groupId, logger);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.byCommandsTopic.keys()], fromBeginning: true });
    // kafkajs's auto-commit would send an OffsetCommit after every batch, in the fetch loop.
    this.groupOffsets = new GroupOffsets((offsets) => consumer.commitOffsets(offsets), this.options.offsetCommitIntervalMs ?? 1_000, logger);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, this.byCommandsTopic.size * 8),
      eachBatch: (payload) => this.owned.track(this.handleBatch(payload)),
    });
    this.groupOffsets.start();
    await this.lag.start();
  }

  /** Finishes the batches in hand, commits the group offsets, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await leaveGroup({ owned: this.owned, consumer: this.consumer, members: this.members, admin: this.admin, lag: this.lag }, () => this.groupOffsets?.stop() ?? Promise.resolve());
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchPayload): Promise<void> {
    // Unresolved batches are fetched again by whoever owns the partition next.
    if (batch.isEmpty() || this.stopping || !isRunning() || isStale()) return;
    const topics = this.byCommandsTopic.get(batch.topic);
    if (!topics) return;
    const started = process.hrtime.bigint();
    const acquiring = this.ownerFor(batch.topic, batch.partition, topics, heartbeat);
    const owner = await acquiring;
    const pending = this.undecided(batch, owner, resolveOffset);
    if (pending === undefined) return;
    const trace = traceCommandBatch(batch.topic, batch.partition, this.groupId);
    const { commands, deadLetters } = this.decodeCommands(batch, pending, topics, trace);
    let plan: BatchPlan;
    try {
      const current = await owner.aggregates(commands.map((command) => command.record.aggregateId));
      plan = planBatch(topics.domain, commands, current, new Date(), (error, command) =>
        this.options.logger.error({ err: error, commandId: command.record.commandId, command: command.name }, 'decider threw; command rejected'),
      );
      const written = await this.commitBatch(owner, batch, topics, plan, deadLetters, trace);
      // Only now, after the commit, may the partition store see these snapshots.
      await owner.committed(plan.changed.values(), written.snapshots, written.nextSnapshotsOffset);
    } catch (error) {
      // The store could not be read, the transaction is aborted, or a commit is not in the
      // store; the producer may be stuck or fenced. Give the partition up so the next batch
      // re-fences and restores the store's tail, and let kafkajs refetch these commands.
      this.options.logger.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'batch failed; partition will be re-acquired');
      this.metrics.batchesFailed.inc({ domain: topics.domain.name });
      trace?.end(error);
      await this.owned.release(batch.topic, batch.partition, acquiring);
      throw error;
    }
    trace?.end();
    owner.nextCommandOffset = nextOffsetAfter(batch);
    this.groupOffsets?.decided(batch.topic, batch.partition, owner.nextCommandOffset);
    this.lag.at(batch.topic, batch.partition, owner.nextCommandOffset);
    resolveOffset(batch.lastOffset());
    await heartbeat();
    this.observe(topics.domain.name, plan, deadLetters.length, started);
  }

  /**
   * The batch's commands from the owner's position on (position.ts), or undefined when there
   * are none to decide: the consumer was moved to the position, or every command of the batch
   * is decided already.
   */
  private undecided(batch: ConsumedBatch, owner: PartitionOwner, resolveOffset: (offset: string) => void): ConsumedRecord[] | undefined {
    const { logger } = this.options;
    const where = { topic: batch.topic, partition: batch.partition };
    const first = BigInt(batch.firstOffset() as string);
    const start = batchStart(owner.nextCommandOffset, first, BigInt(batch.lastOffset()), owner.sought);
    if (start.kind === 'seek') {
      owner.sought = true;
      logger.info({ ...where, fetchedFrom: batch.firstOffset(), position: start.to.toString() }, 'moving to the position restored from snapshots');
      this.consumer?.seek({ ...where, offset: start.to.toString() });
      this.groupOffsets?.decided(batch.topic, batch.partition, start.to);
      this.lag.at(batch.topic, batch.partition, start.to);
      return undefined;
    }
    if (start.kind === 'position-gone') {
      logger.warn(
        { ...where, position: owner.nextCommandOffset?.toString(), logStartsAt: start.from.toString() },
        'the commands log no longer holds the restored position (retention, or the topic was recreated); deciding from where it starts now',
      );
    }
    // Usually the whole batch: only a first batch after acquisition starts before the position.
    const pending = start.from === first ? batch.messages : batch.messages.filter((message) => BigInt(message.offset) >= start.from);
    if (pending.length > 0) return pending;
    resolveOffset(batch.lastOffset());
    this.groupOffsets?.decided(batch.topic, batch.partition, nextOffsetAfter(batch));
    this.lag.at(batch.topic, batch.partition, nextOffsetAfter(batch));
    return undefined;
  }

  private decodeCommands(batch: ConsumedBatch, messages: readonly ConsumedRecord[], topics: DomainTopics, trace: CommandBatchTrace | undefined): { commands: IncomingCommand[]; deadLetters: ProducedRecord[] } {
    const commands: IncomingCommand[] = [];
    const deadLetters: ProducedRecord[] = [];
    for (const message of messages) {
      try {
        if (!message.value) throw new Error('command record has no value');
        const decoded = this.options.codec.decode(message.value);
        if (!topics.domain.commandNames.includes(decoded.name)) throw new Error(`${decoded.name} is not a command of ${topics.domain.name}`);
        const record = decoded.value as IncomingCommand['record'];
        // The gateway checks this too; the snapshots topic reserves the empty key for the position.
        if (record.aggregateId === '') throw new Error('the command has an empty aggregateId');
        commands.push({ name: decoded.name, record });
        trace?.command(record.commandId, message);
      } catch (error) {
        deadLetters.push(deadLetter({ topic: batch.topic, partition: batch.partition, message }, error, this.groupId));
      }
    }
    return { commands, deadLetters };
  }

  /**
   * Writes the batch in one transaction. When the events' offsets can be predicted (see
   * PartitionOwner.nextEventOffset) everything goes out in one produce request; a missed
   * prediction aborts that attempt and writes the batch again the two-step way.
   */
  private async commitBatch(owner: PartitionOwner, batch: ConsumedBatch, topics: DomainTopics, plan: BatchPlan, deadLetters: ProducedRecord[], trace: CommandBatchTrace | undefined): Promise<Written> {
    const predicted = owner.nextEventOffset;
    if (predicted !== undefined) {
      const written = await this.writeTransaction(owner, batch, topics, plan, deadLetters, predicted, trace);
      if (written) return written;
      this.metrics.offsetPredictionMisses.inc({ domain: topics.domain.name });
      this.options.logger.info({ topic: topics.events, partition: batch.partition, predicted }, 'events partition moved unexpectedly; batch rewritten with offsets from the broker');
    }
    return (await this.writeTransaction(owner, batch, topics, plan, deadLetters, undefined, trace)) as Written;
  }

  /**
   * One transaction: events, snapshots with the position after the batch, outcomes (which
   * carry the events' offsets) and dead letters. With `predictedOffset` the events take that offset on,
   * everything is sent in one request and the offsets the broker assigned are checked before
   * the commit: on a mismatch the transaction is aborted and undefined returned. Without it the
   * events are produced first and the outcomes built from the offsets they got.
   */
  private async writeTransaction(
    owner: PartitionOwner,
    batch: ConsumedBatch,
    topics: DomainTopics,
    plan: BatchPlan,
    deadLetters: ProducedRecord[],
    predictedOffset: number | undefined,
    trace: CommandBatchTrace | undefined,
  ): Promise<Written | undefined> {
    const { domain } = topics;
    const partition = batch.partition;
    const events = plan.commands.flatMap(({ events }) => events.map((event) => this.eventMessage(domain, event, partition, trace)));
    const eventChunks = chunkMessages(events);
    const transaction = await owner.producer.transaction();
    try {
      let eventOffsets: number[];
      if (predictedOffset === undefined) {
        eventOffsets = [];
        for (const chunk of eventChunks) {
          const [written] = await transaction.send({ topic: topics.events, messages: chunk });
          const base = Number(written?.baseOffset);
          chunk.forEach((_, index) => eventOffsets.push(base + index));
        }
      } else {
        eventOffsets = events.map((_, index) => predictedOffset + index);
      }
      assignEventOffsets(plan, partition, eventOffsets);
      const { snapshots, outcomes } = this.decisionMessages(domain, plan, partition, trace);
      snapshots.push(positionMessage(this.options.codec, batch.topic, partition, nextOffsetAfter(batch)));
      // One request for all topics, unless a topic's records need several batches.
      const chunked = [
        ...(predictedOffset === undefined ? [] : [{ topic: topics.events, chunks: eventChunks }]),
        { topic: topics.snapshots, chunks: chunkMessages(snapshots) },
        { topic: topics.outcomes, chunks: chunkMessages(outcomes) },
        { topic: topics.deadletters, chunks: chunkMessages(deadLetters) },
      ];
      let eventsSent = 0;
      let nextSnapshotsOffset: bigint | undefined;
      const snapshotChunks = chunked[predictedOffset === undefined ? 0 : 1]!.chunks;
      for (let round = 0; chunked.some(({ chunks }) => chunks.length > round); round += 1) {
        const written = await transaction.sendBatch({
          topicMessages: chunked.flatMap(({ topic, chunks }) => (chunks[round] ? [{ topic, messages: chunks[round]! }] : [])),
        });
        const snapshotChunk = snapshotChunks[round];
        const snapshotsBase = written.find((metadata) => metadata.topicName === topics.snapshots && metadata.partition === partition)?.baseOffset;
        if (snapshotChunk !== undefined) nextSnapshotsOffset = snapshotsBase === undefined ? undefined : BigInt(snapshotsBase) + BigInt(snapshotChunk.length);
        const eventChunk = predictedOffset === undefined ? undefined : eventChunks[round];
        if (eventChunk === undefined) continue;
        const base = written.find((metadata) => metadata.topicName === topics.events && metadata.partition === partition)?.baseOffset;
        if (Number(base) !== eventOffsets[eventsSent]) {
          await transaction.abort();
          owner.nextEventOffset = undefined;
          return undefined;
        }
        eventsSent += eventChunk.length;
      }
      await transaction.commit();
      // The commit marker takes the offset after the last event.
      if (eventOffsets.length > 0) owner.nextEventOffset = eventOffsets[eventOffsets.length - 1]! + 2;
      return { snapshots: snapshots.map((message) => ({ key: message.key as string, value: message.value as Buffer })), nextSnapshotsOffset };
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  /** The changed aggregates' snapshots and one outcome per command, once the events' offsets are assigned. */
  private decisionMessages(domain: DomainModule, plan: BatchPlan, partition: number, trace: CommandBatchTrace | undefined): { snapshots: ProducedRecord[]; outcomes: ProducedRecord[] } {
    const { codec } = this.options;
    const now = new Date();
    const snapshotSubject = `${domain.namespace}.${domain.snapshotRecord}`;
    const snapshots = [...plan.changed.values()].map((record) => ({
      key: record.aggregateId,
      partition,
      value: codec.encode(snapshotSubject, toSnapshot(record, now)),
    }));
    // Records built field by field here and below: in V8 11 an object spread plus new
    // properties ({ ...decided, domain }) costs microseconds per object.
    const outcomes = plan.commands.map(({ command, decided }) => {
      const outcome: eventline.CommandOutcome = {
        commandId: decided.commandId,
        domain: domain.name,
        commandName: decided.commandName,
        aggregateId: command.record.aggregateId,
        userId: command.record.userId,
        status: decided.status,
        reason: decided.reason,
        version: decided.version,
        events: decided.events,
        eventsPartition: decided.eventsPartition,
        firstEventOffset: decided.firstEventOffset,
        lastEventOffset: decided.lastEventOffset,
        decidedAt: now,
      };
      const value = codec.encode('eventline.CommandOutcome', outcome);
      const headers = outcomeCloudHeaders(domain.name, outcome);
      if (trace !== undefined) Object.assign(headers, trace.outcomeHeaders(decided.commandId, decided.status));
      return { key: command.record.aggregateId, partition, value, headers };
    });
    return { snapshots, outcomes };
  }

  private eventMessage(domain: DomainModule, event: RecordedEvent, partition: number, trace: CommandBatchTrace | undefined): ProducedRecord {
    const { type, aggregateId, version, commandId, userId, occurredAt, data } = event;
    const headers = eventCloudHeaders(domain.name, type, event, { [EVENT_TYPE_HEADER]: type });
    if (trace !== undefined) Object.assign(headers, trace.eventHeaders(commandId));
    return {
      key: aggregateId,
      // Same partition number as the command: an aggregate lives on one partition in every topic.
      partition,
      value: this.options.codec.encode(`${domain.namespace}.${type}`, { aggregateId, version, commandId, userId, occurredAt, data }),
      headers,
    };
  }

  private ownerFor(topic: string, partition: number, topics: DomainTopics, heartbeat: () => Promise<void>): Promise<PartitionOwner> {
    return this.owned.ownerOf(topic, partition, () => {
      const { kafka, logger, appId } = this.options;
      const acquiring = PartitionOwner.acquire({
        kafka,
        admin: this.admin!,
        codec: this.options.codec,
        clusterId: this.clusterId,
        stateDir: path.join(this.options.stateDir, appId),
        cacheCapacity: this.options.cacheAggregates ?? HANDLER_DEFAULTS.cacheAggregates,
        heartbeat,
        commandsTopic: topic,
        snapshotsTopic: topics.snapshots,
        partition,
        transactionalId: `${appId}-command-handler-${topic}-${partition}`,
        groupIdPrefix: `${appId}-restore`,
        logger,
      });
      acquiring.then(
        (acquired) => {
          const domain = topics.domain.name;
          this.metrics.partitionsAcquired.inc({ domain });
          this.metrics.restoredRecords.inc({ domain }, acquired.restored.records);
          if (acquired.restored.wiped !== null) this.metrics.storeWipes.inc({ domain });
        },
        () => undefined,
      );
      return acquiring;
    });
  }

  private observe(domain: string, plan: BatchPlan, deadLetters: number, started: bigint): void {
    const { metrics } = this;
    // Counted per batch: a labelled inc per command was a measurable share of the handler's time.
    const results = { accepted: 0, rejected: 0, duplicate: 0 };
    for (const { decided, duplicate } of plan.commands) results[duplicate ? 'duplicate' : decided.status === 'ACCEPTED' ? 'accepted' : 'rejected'] += 1;
    for (const [result, count] of Object.entries(results)) if (count > 0) metrics.commands.inc({ domain, result }, count);
    if (deadLetters > 0) metrics.deadLetters.inc({ domain }, deadLetters);
    metrics.batchSize.observe({ domain }, plan.commands.length);
    metrics.transactionSeconds.observe({ domain }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
