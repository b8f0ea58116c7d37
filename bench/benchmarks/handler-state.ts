/**
 * handler-state: the command handler's state at 1,000,000 aggregates in one partition. The
 * snapshots partition is filled with 1,000,000 orders (as the handler writes them) and a
 * backlog of PayOrder commands for orders picked at random among them (a cache miss nearly
 * each) is produced; then:
 * - cold restore: a handler on an empty disk takes the partition over (restores all of it
 *   into its store); records/s beside ConsumerPerformance reading the same topic;
 * - decided over random aggregates: it works the backlog off (the first commands are the
 *   warm-up), every decision reading its aggregate from the store;
 * - memory: its resident memory, sampled throughout, the peak reported;
 * - warm takeover: it is SIGKILLed and restarted on the same disk; seconds from the restart
 *   to its first decided command, and where they went (its log's milestones).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { TopicNames } from '../../platform/kafka';
import { createCodec } from '../../schemas';
import { eventlineTopicSpecs } from '../../services/topology';
import { payOrder, produceCommands } from '../../test/support/commands';
import { prng } from '../../test/support/workload';
import { TARGETS } from '../targets';
import { benchAdmin, benchKafka, benchProducer, committedRecords, createBenchTopics, measured, monotonicMs, ServiceProcess, topicPrefix, waitForCount, type Benchmark } from '../harness';
import { consumerPerformance } from '../references/kafka-perf';

/** Records per produce request: a record batch must stay under the broker's 1 MB message.max.bytes. */
const PRODUCE_CHUNK = 2_000;
const POLL_MS = 50;
const STALL_MS = 120_000;
const RSS_SAMPLE_MS = 250;
const MB = 1024 * 1024;

/** Log messages of a starting handler, in the order they come: where a takeover's seconds go. */
const MILESTONES = {
  'process started (Node and modules loaded)': 'starting',
  'topics checked, http listening': 'http listening',
  'predecessor removed from the group': 'removed the member a killed process left in the group',
  'group joined': 'joined the command-handler group',
  'partition acquired': 'partition acquired',
} as const;

interface LogRecord {
  time: number;
  msg: string;
  records?: number;
  ms?: number;
  wiped?: string | null;
}

function logRecords(file: string): LogRecord[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogRecord];
      } catch {
        return [];
      }
    });
}

export const handlerStateBenchmark: Benchmark = {
  name: 'handler-state',
  summary: 'handler memory at 1,000,000 aggregates, warm takeover, cold restore (reference: ConsumerPerformance)',
  needs: ['kafka'],
  targets: [TARGETS.handlerRss, TARGETS.warmTakeover],
  budgetMs: 900_000,
  async run(context) {
    const parameters = {
      aggregates: context.scaled(1_000_000, 100_000),
      commands: context.scaled(100_000, 10_000),
      warmupCommands: context.scaled(10_000, 1_000),
      cacheAggregates: 20_000,
      partitions: 1,
    };
    const aggregatesLabel = parameters.aggregates.toLocaleString('en-US');
    const codec = createCodec();
    const prefix = topicPrefix(context);
    const names = new TopicNames(prefix);
    const snapshots = names.domain('orders', 'snapshots');
    const commandsTopic = names.domain('orders', 'commands');
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, eventlineTopicSpecs(names, parameters.partitions));
    const orderId = (index: number): string => `${prefix}order-${index}`;

    context.log(`writing ${aggregatesLabel} order snapshots`);
    const producer = await benchProducer(context, kafka);
    for (let from = 0; from < parameters.aggregates; from += PRODUCE_CHUNK) {
      const messages = [];
      for (let index = from; index < Math.min(parameters.aggregates, from + PRODUCE_CHUNK); index += 1) {
        const id = orderId(index);
        const value = codec.encode('eventline.orders.OrderSnapshot', {
          aggregateId: id,
          version: 1,
          state: { status: 'PLACED', storeId: `store-${index % 50}`, customerId: `customer-${index % 5000}`, currency: 'EUR', totalCents: 1000, paidCents: 0 },
          recentCommands: [{ commandId: randomUUID(), commandName: 'PlaceOrder', status: 'ACCEPTED', reason: null, version: 1, events: ['OrderPlaced'], eventsPartition: 0, firstEventOffset: index, lastEventOffset: index }],
          updatedAt: new Date(),
        });
        messages.push({ key: id, value, partition: 0 });
      }
      await producer.send({ topic: snapshots, acks: -1, messages });
    }

    const random = prng(22);
    let produced = 0;
    const send = async (count: number): Promise<void> => {
      for (let sent = 0; sent < count; sent += PRODUCE_CHUNK) {
        const commands = Array.from({ length: Math.min(PRODUCE_CHUNK, count - sent) }, () => payOrder(orderId(Math.floor(random() * parameters.aggregates)), 1000));
        await produceCommands(producer, () => commandsTopic, commands);
      }
      produced += count;
    };
    context.log(`producing a backlog of ${(parameters.warmupCommands + parameters.commands).toLocaleString('en-US')} PayOrder commands over random orders`);
    await send(parameters.warmupCommands + parameters.commands);

    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-bench-state-'));
    context.defer(() => fs.rmSync(stateDir, { recursive: true, force: true }));
    const appId = `${prefix}app`;
    const groupId = `${appId}-command-handler`;
    const env = {
      KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
      TOPIC_PREFIX: prefix,
      TOPIC_PARTITIONS: String(parameters.partitions),
      KAFKA_CLIENT_ID: appId,
      HANDLER_OFFSET_COMMIT_INTERVAL_MS: '50',
      HANDLER_STATE_DIR: stateDir,
      HANDLER_CACHE_AGGREGATES: String(parameters.cacheAggregates),
      EVENTLINE_DATA_DIR: stateDir,
      // The milestones of a takeover are info records.
      LOG_LEVEL: 'info',
    };
    let handler = ServiceProcess.start(context, 'command-handler', env);
    const decided = (target: number, what: string) =>
      waitForCount(() => committedRecords(admin, groupId, commandsTopic), { target, stallMs: STALL_MS, intervalMs: POLL_MS, what, explain: () => handler.explain() });
    const acquisitions = (): LogRecord[] => logRecords(handler.logFile).filter((record) => record.msg.startsWith(MILESTONES['partition acquired']));

    let peakRss = 0;
    const sampler = setInterval(() => {
      if (handler.running) peakRss = Math.max(peakRss, handler.rssBytes());
    }, RSS_SAMPLE_MS);
    context.defer(() => clearInterval(sampler));

    context.log('cold takeover: restoring the whole partition, then deciding the backlog');
    const warm = await decided(parameters.warmupCommands, 'the cold takeover and the warm-up commands');
    const cpuAtWarm = handler.cpuSeconds();
    // On a starved machine the handler can lose its session while restoring and take the
    // partition again with nothing left to restore: the cold restore is the one that restored most.
    const cold = acquisitions().reduce((most, next) => ((next.records ?? 0) > (most.records ?? 0) ? next : most));
    context.log(`restored ${cold.records} records in ${cold.ms} ms`);
    const done = await decided(produced, 'the random-aggregate commands');
    const decidedPerSec = (done.count - warm.count) / ((done.at - warm.at) / 1000);
    const handlerCpuMsPer1000Commands = ((handler.cpuSeconds() - cpuAtWarm) * 1000 * 1000) / (done.count - warm.count);
    await sleep(1_000);
    const rssAfter = handler.rssBytes();
    clearInterval(sampler);

    context.log('warm takeover: SIGKILL, restart on the same disk');
    process.kill(handler.pid, 'SIGKILL');
    await sleep(500);
    const restartedAt = Date.now();
    const restarted = monotonicMs();
    handler = ServiceProcess.start(context, 'command-handler', env);
    await send(1);
    const warmDecided = await decided(produced, 'the warm takeover');
    const warmSeconds = (warmDecided.at - restarted) / 1000;
    const restartLog = logRecords(handler.logFile).filter((record) => record.time >= restartedAt);
    const timeline = Object.fromEntries(
      Object.entries(MILESTONES).map(([milestone, message]) => {
        const record = restartLog.find((candidate) => candidate.msg.startsWith(message));
        return [milestone, record === undefined ? null : (record.time - restartedAt) / 1000];
      }),
    );
    const warmAcquisition = acquisitions().at(-1)!;
    await handler.stop();

    context.log('reference: ConsumerPerformance on the snapshots topic');
    const reference = await consumerPerformance(context, { topic: snapshots, records: parameters.aggregates, group: `${prefix}perf` });
    const coldPerSec = (cold.records ?? 0) / ((cold.ms ?? 1) / 1000);
    return measured(
      [
        { label: `peak RSS at ${aggregatesLabel} aggregates`, value: peakRss / MB, unit: 'MB', target: TARGETS.handlerRss },
        { label: 'warm takeover (restart to first decision)', value: warmSeconds, unit: 's', target: TARGETS.warmTakeover },
        { label: 'cold restore', value: coldPerSec, unit: 'records/s', reference: { label: 'ConsumerPerformance', value: reference.recordsPerSec, unit: 'records/s' } },
        { label: 'decided over random aggregates', value: decidedPerSec, unit: 'commands/s' },
      ],
      parameters,
      { handlerCpuMsPer1000Commands, cold, warm: warmAcquisition, warmTakeoverSecondsAfterRestart: { ...timeline, 'first decision': warmSeconds }, rssAfterMB: rssAfter / MB, reference },
    );
  },
};
