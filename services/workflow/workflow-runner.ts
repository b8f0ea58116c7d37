/**
 * Runs one workflow: consumes its source domains' `<domain>.events` (read_committed) and, per
 * batch of one partition, writes in ONE Kafka transaction the commands its `react` returned
 * (to the target domains' `<domain>.commands`), the reacted-to aggregates' progress (version
 * and state, to the compacted `workflows.<name>.state`), dead letters, and the consumed
 * offsets (sendOffsets). Either all of it is visible or none of it: a crash before the commit
 * leaves the batch to be reacted to again by the next owner, with the same command ids.
 */
import { findDomain, type DomainModule, type WorkflowModule } from '../../domains';
import {
  chunkMessages,
  ConsumerLag,
  deadLetter,
  GroupMemberRecord,
  type BatchPayload,
  type ConsumedBatch,
  type ConsumedRecord,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaConsumer,
  type ProducedRecord,
  type TopicNames,
} from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { Codec } from '../../schemas';
import { followGroup, leaveGroup } from '../group-membership';
import { nextOffsetAfter, PartitionOwners } from '../partition-owners';
import { decodeBatch } from '../projector/decode-batch';
import type { WorkflowMetrics } from './metrics';
import { WorkflowPartition } from './partition-owner';
import { reactionRecords, stateKey, type AggregateProgress } from './reaction-records';

export interface WorkflowRunnerOptions {
  kafka: KafkaClient;
  topics: TopicNames;
  codec: Codec;
  logger: Logger;
  /** Shared by the process's runners (createWorkflowMetrics); none in tests that do not look. */
  metrics?: WorkflowMetrics;
  workflow: WorkflowModule;
  /** Consumer group id and transactional id prefix; one per deployment. */
  appId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Called when the consumer stopped for good (kafkajs will not restart it). */
  onFatal(error: Error): void;
  /**
   * Where the members of this machine are recorded (platform/kafka/group-members.ts), so a
   * restarted service removes the member its killed predecessor left in the group instead of
   * waiting for its session timeout.
   */
  groupMembersDir?: string;
}

interface Source {
  domain: DomainModule;
  deadletters: string;
}

export class WorkflowRunner {
  readonly groupId: string;
  private readonly sources = new Map<string, Source>();
  /** The source partitions this member owns, and the batches in hand. */
  private readonly owned = new PartitionOwners<WorkflowPartition>();
  private readonly stateTopic: string;
  private consumer: KafkaConsumer | undefined;
  private admin: KafkaAdmin | undefined;
  private stopping = false;
  private members: GroupMemberRecord | undefined;
  /** Measured only when the runner has metrics to report it on. */
  private readonly lag: ConsumerLag | undefined;

  constructor(private readonly options: WorkflowRunnerOptions) {
    const { workflow, topics } = options;
    this.groupId = `${options.appId}-workflow-${workflow.name}`;
    this.stateTopic = topics.workflowState(workflow.name);
    const { metrics, kafka, logger } = options;
    this.lag = metrics && new ConsumerLag({ kafka, gauge: metrics.lag, consumer: `workflow:${workflow.name}`, groupId: this.groupId, logger });
    for (const name of workflow.sources) {
      const domain = findDomain(name);
      if (domain === undefined) throw new Error(`workflow ${workflow.name} reacts to ${name}, which is not a registered domain`);
      this.sources.set(topics.domain(name, 'events'), { domain, deadletters: topics.domain(name, 'deadletters') });
    }
  }

  async start(): Promise<void> {
    const { kafka, logger, workflow } = this.options;
    this.admin = kafka.admin();
    await this.admin.connect();
    const consumer = kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    this.lag?.followSkippedFetches(consumer);
    followGroup(consumer, this.owned, () => this.members, {
      logger,
      joined: 'joined the workflow group',
      crashed: 'workflow consumer crashed',
      context: { workflow: workflow.name },
      onFatal: (error) => this.options.onFatal(error),
      onAssigned: (assignment) => this.lag?.assigned(assignment),
    });
    if (this.options.groupMembersDir !== undefined) this.members = await GroupMemberRecord.open(this.admin, this.options.groupMembersDir, this.groupId, logger);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.sources.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, this.sources.size * 4),
      eachBatch: (payload) => this.owned.track(this.handleBatch(payload)),
    });
    await this.lag?.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await leaveGroup({ owned: this.owned, consumer: this.consumer, members: this.members, admin: this.admin, lag: this.lag });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: BatchPayload): Promise<void> {
    if (batch.isEmpty() || this.stopping || !isRunning() || isStale()) return;
    const source = this.sources.get(batch.topic);
    if (source === undefined) return;
    const acquiring = this.ownerFor(batch.topic, batch.partition, source.domain);
    const owner = await acquiring;
    // The consumer's position was fetched before this owner fenced the previous one: skip what that one committed since.
    const from = owner.nextOffset ?? 0n;
    const messages = batch.messages.filter((message) => BigInt(message.offset) >= from);
    const next = nextOffsetAfter(batch);
    try {
      if (messages.length > 0) await this.react(owner, batch, source, messages, next);
    } catch (error) {
      // The transaction is aborted or the producer stuck: give the partition up, so the next
      // batch re-fences and restores, and let kafkajs fetch these events again.
      this.options.logger.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'workflow batch failed; partition will be re-acquired');
      await this.owned.release(batch.topic, batch.partition, acquiring);
      throw error;
    }
    owner.nextOffset = next;
    this.lag?.at(batch.topic, batch.partition, next);
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }

  private async react(owner: WorkflowPartition, batch: ConsumedBatch, source: Source, messages: readonly ConsumedRecord[], next: bigint): Promise<void> {
    const { codec, topics, workflow } = this.options;
    const started = process.hrtime.bigint();
    const results = { reacted: 0, skipped: 0, dead_letter: 0 };
    const commands: { topic: string; record: ProducedRecord; domain: string }[] = [];
    const deadLetters: ProducedRecord[] = [];
    /** Progress by state key after this batch; null: the aggregate is done, its state deleted. */
    const changed = new Map<string, AggregateProgress | null>();
    const toDeadLetters = (message: ConsumedRecord, error: unknown): void => {
      results.dead_letter += 1;
      deadLetters.push(deadLetter({ topic: batch.topic, partition: batch.partition, message }, error, `workflow:${workflow.name}`));
    };
    const { events, undecodable } = decodeBatch(codec, source.domain, messages);
    for (const { message, error } of undecodable) toDeadLetters(message, error);
    for (const { message, event: recorded } of events) {
      try {
        const event = { ...recorded, domain: source.domain.name };
        const key = stateKey(source.domain.name, event.aggregateId);
        const progress = changed.has(key) ? (changed.get(key) ?? undefined) : owner.progress.get(key);
        // Reacted to already (a redelivery the offsets did not rule out): the effect is in the log.
        if (progress !== undefined && event.version <= progress.version) {
          results.skipped += 1;
          continue;
        }
        const step = reactionRecords(workflow, event, progress, codec, topics);
        commands.push(...step.commands);
        changed.set(key, step.progress);
        results.reacted += 1;
      } catch (error) {
        toDeadLetters(message, error);
      }
    }
    const byTopic = new Map<string, ProducedRecord[]>();
    for (const { topic, record } of commands) {
      const records = byTopic.get(topic);
      if (records) records.push(record);
      else byTopic.set(topic, [record]);
    }
    const stateRecords = [...changed].map(([key, progress]): ProducedRecord => ({ key, partition: batch.partition, value: progress === null ? null : JSON.stringify(progress) }));
    const transaction = await owner.producer.transaction();
    try {
      const outgoing = [...byTopic, [this.stateTopic, stateRecords], [source.deadletters, deadLetters]] as const;
      for (const [topic, records] of outgoing) {
        for (const chunk of chunkMessages(records)) await transaction.send({ topic, messages: chunk });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next.toString() }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    for (const [key, progress] of changed) {
      if (progress === null) owner.progress.delete(key);
      else owner.progress.set(key, progress);
    }
    this.observe(results, commands, started);
    if (deadLetters.length > 0) this.options.logger.warn({ workflow: workflow.name, topic: batch.topic, partition: batch.partition, count: deadLetters.length }, 'events sent to dead letters');
  }

  private observe(results: Record<'reacted' | 'skipped' | 'dead_letter', number>, commands: readonly { domain: string }[], started: bigint): void {
    const { metrics, workflow } = this.options;
    if (metrics === undefined) return;
    for (const [result, count] of Object.entries(results)) if (count > 0) metrics.events.inc({ workflow: workflow.name, result }, count);
    for (const { domain } of commands) metrics.commands.inc({ workflow: workflow.name, domain });
    metrics.transactionSeconds.observe({ workflow: workflow.name }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private ownerFor(topic: string, partition: number, domain: DomainModule): Promise<WorkflowPartition> {
    const { kafka, logger, appId, workflow } = this.options;
    return this.owned.ownerOf(topic, partition, () =>
      WorkflowPartition.acquire({
        kafka,
        admin: this.admin!,
        groupId: this.groupId,
        sourceTopic: topic,
        stateKeyPrefix: stateKey(domain.name, ''),
        stateTopic: this.stateTopic,
        partition,
        transactionalId: `${appId}-workflow-${workflow.name}-${topic}-${partition}`,
        logger,
      }),
    );
  }
}
