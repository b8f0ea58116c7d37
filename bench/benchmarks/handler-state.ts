/**
 * handler-state: the command handler's state at 1,000,000 aggregates in one partition. The
 * snapshots partition is filled with 1,000,000 orders (as the handler writes them), then:
 * - cold restore: a handler on an empty disk takes the partition over (restores all of it
 *   into its store); records/s beside ConsumerPerformance reading the same topic;
 * - memory: it decides PayOrder commands for orders picked at random among the million (a
 *   cache miss nearly each), resident memory sampled throughout, the peak reported;
 * - warm takeover: it is SIGKILLed and restarted on the same disk; seconds from the restart
 *   to its first decided command.
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
import { benchAdmin, benchKafka, benchProducer, committedRecords, createBenchTopics, measured, monotonicMs, ServiceProcess, topicPrefix, waitForCount, type Benchmark } from '../harness';
import { consumerPerformance } from '../references/kafka-perf';

/** Snapshots per produce request: a record batch must stay under the broker's 1 MB message.max.bytes. */
const PRODUCE_CHUNK = 2_000;
const COMMAND_CHUNK = 2_000;
const POLL_MS = 50;
const STALL_MS = 120_000;
const RSS_SAMPLE_MS = 250;
const MB = 1024 * 1024;

export const handlerStateBenchmark: Benchmark = {
  name: 'handler-state',
  summary: 'handler memory at 1,000,000 aggregates, warm takeover, cold restore (reference: ConsumerPerformance)',
  needs: ['kafka'],
  targets: [],
  budgetMs: 900_000,
  async run(context) {
    const parameters = {
      aggregates: context.scaled(1_000_000, 100_000),
      commands: context.scaled(100_000, 10_000),
      cacheAggregates: 20_000,
      partitions: 1,
    };
    const codec = createCodec();
    const prefix = topicPrefix(context);
    const names = new TopicNames(prefix);
    const snapshots = names.domain('orders', 'snapshots');
    const commandsTopic = names.domain('orders', 'commands');
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, eventlineTopicSpecs(names, parameters.partitions));
    const orderId = (index: number): string => `${prefix}order-${index}`;

    context.log(`writing ${parameters.aggregates.toLocaleString('en-US')} order snapshots`);
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
      LOG_LEVEL: 'info',
    };
    let handler = ServiceProcess.start(context, 'command-handler', env);
    let produced = 0;
    const send = async (count: number, random: () => number): Promise<void> => {
      for (let sent = 0; sent < count; sent += COMMAND_CHUNK) {
        const commands = Array.from({ length: Math.min(COMMAND_CHUNK, count - sent) }, () => payOrder(orderId(Math.floor(random() * parameters.aggregates)), 1000));
        await produceCommands(producer, () => commandsTopic, commands);
      }
      produced += count;
    };
    const decided = (what: string) =>
      waitForCount(() => committedRecords(admin, groupId, commandsTopic), { target: produced, stallMs: STALL_MS, intervalMs: POLL_MS, what, explain: () => handler.explain() });
    const acquisitions = (): { records: number; ms: number; wiped: string | null }[] =>
      fs
        .readFileSync(handler.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('partition acquired'))
        .map((line) => JSON.parse(line) as { records: number; ms: number; wiped: string | null });

    const random = prng(22);
    let peakRss = 0;
    const sampler = setInterval(() => {
      if (handler.running) peakRss = Math.max(peakRss, handler.rssBytes());
    }, RSS_SAMPLE_MS);
    context.defer(() => clearInterval(sampler));

    context.log('cold takeover: restoring the whole partition');
    await send(1, random);
    await decided('the cold takeover');
    const cold = acquisitions().at(-1)!;
    context.log(`restored ${cold.records} records in ${cold.ms} ms; deciding ${parameters.commands} commands over random aggregates`);
    const decideStarted = monotonicMs();
    await send(parameters.commands, random);
    await decided('the random-aggregate commands');
    const decidedPerSec = parameters.commands / ((monotonicMs() - decideStarted) / 1000);
    await sleep(1_000);
    const rssAfter = handler.rssBytes();
    clearInterval(sampler);

    context.log('warm takeover: SIGKILL, restart on the same disk');
    process.kill(handler.pid, 'SIGKILL');
    await sleep(500);
    const restarted = monotonicMs();
    handler = ServiceProcess.start(context, 'command-handler', env);
    await send(1, random);
    const warmDecided = await decided('the warm takeover');
    const warmSeconds = (warmDecided.at - restarted) / 1000;
    const warm = acquisitions().at(-1)!;
    await handler.stop();

    context.log('reference: ConsumerPerformance on the snapshots topic');
    const reference = await consumerPerformance(context, { topic: snapshots, records: parameters.aggregates, group: `${prefix}perf` });
    const coldPerSec = cold.records / (cold.ms / 1000);
    return measured(
      [
        { label: 'peak RSS at 1,000,000 aggregates', value: peakRss / MB, unit: 'MB' },
        { label: 'warm takeover (restart to first decision)', value: warmSeconds, unit: 's' },
        { label: 'cold restore', value: coldPerSec, unit: 'records/s', reference: { label: 'ConsumerPerformance', value: reference.recordsPerSec, unit: 'records/s' } },
        { label: 'decided over random aggregates', value: decidedPerSec, unit: 'commands/s' },
      ],
      parameters,
      { cold, warm, rssAfterMB: rssAfter / MB, reference },
    );
  },
};
