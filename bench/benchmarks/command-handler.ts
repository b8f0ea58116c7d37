/**
 * command-handler: decided commands per second. A backlog of orders commands (the test
 * workload: many aggregates, interleaved, a share of them rejected) is produced first; then
 * the handler (dist/services/command-handler/main.js, its own process) starts and works it
 * off. A command counts as decided when its transaction — events, snapshot, outcome and the
 * handler's position — is committed. Progress is read from the handler group's offsets, which
 * the handler commits after its transactions; here every 50 ms (1 s by default). The first commands are the warm-up (start-up, partition restore, JIT); the rate is taken
 * over the rest. Reference: ProducerPerformance writing as many records of the same size.
 */
import { UnavailableError } from '../../platform/errors';
import { TopicNames } from '../../platform/kafka';
import { eventlineTopicSpecs } from '../../services/topology';
import { produceCommands } from '../../test/support/commands';
import { ordersWorkload } from '../../test/support/workload';
import { benchAdmin, benchKafka, benchProducer, committedRecords, createBenchTopics, measured, monotonicMs, ServiceProcess, topicPrefix, waitForCount, type Benchmark } from '../harness';
import { meanCommandRecordBytes } from '../references/command-record-size';
import { producerPerformance } from '../references/kafka-perf';

/** Commands per produce request: a record batch must stay under the broker's 1 MB message.max.bytes. */
const PRODUCE_CHUNK = 2_000;
const POLL_MS = 50;
/** How often the handler commits the group offsets this benchmark polls (its default is 1 s). */
const OFFSET_COMMIT_INTERVAL_MS = 50;
/** Start-up (topics, group join, partition restore) included. */
const STALL_MS = 30_000;

export const commandHandlerBenchmark: Benchmark = {
  name: 'command-handler',
  summary: 'decided commands/s working off a backlog (reference: ProducerPerformance, same record size)',
  needs: ['kafka'],
  targets: [],
  budgetMs: 180_000,
  async run(context) {
    const parameters = {
      commands: context.scaled(100_000, 5_000),
      warmupCommands: context.scaled(10_000, 1_000),
      aggregates: context.scaled(10_000, 500),
      domain: 'orders',
      workloadSeed: 10,
      partitions: context.config.topicPartitions,
      /** The perf tool's rate includes its start-up: it needs a long enough run to show its ceiling. */
      referenceRecords: context.scaled(500_000, 100_000),
    };
    const prefix = topicPrefix(context);
    const names = new TopicNames(prefix);
    const commandsTopic = names.domain('orders', 'commands');
    const referenceTopic = `${prefix}reference`;
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, [
      ...eventlineTopicSpecs(names, parameters.partitions),
      { topic: referenceTopic, numPartitions: parameters.partitions, configEntries: [] },
    ]);

    const total = parameters.warmupCommands + parameters.commands;
    const workload = ordersWorkload(parameters.aggregates, total, parameters.workloadSeed, prefix);
    const recordSize = meanCommandRecordBytes(workload.slice(0, PRODUCE_CHUNK));
    context.log(`producing a backlog of ${total.toLocaleString('en-US')} commands (~${recordSize} bytes each)`);
    const producer = await benchProducer(context, kafka);
    const produceStarted = monotonicMs();
    for (let from = 0; from < workload.length; from += PRODUCE_CHUNK) {
      await produceCommands(producer, () => commandsTopic, workload.slice(from, from + PRODUCE_CHUNK));
    }
    const produceSeconds = (monotonicMs() - produceStarted) / 1000;

    const appId = `${prefix}app`;
    const spawnedAt = monotonicMs();
    const handler = ServiceProcess.start(context, 'command-handler', {
      KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
      TOPIC_PREFIX: prefix,
      TOPIC_PARTITIONS: String(parameters.partitions),
      KAFKA_CLIENT_ID: appId,
      HANDLER_OFFSET_COMMIT_INTERVAL_MS: String(OFFSET_COMMIT_INTERVAL_MS),
    });
    const groupId = `${appId}-command-handler`;
    const decided = async (): Promise<number | undefined> => {
      if (!handler.running) throw new UnavailableError(`the command handler exited; ${handler.explain()}`);
      return committedRecords(admin, groupId, commandsTopic);
    };
    const waitFor = (target: number, what: string) =>
      waitForCount(decided, { target, stallMs: STALL_MS, intervalMs: POLL_MS, what, explain: () => handler.explain() });
    context.log('handler started; warming up');
    const warm = await waitFor(parameters.warmupCommands, 'deciding the warm-up commands');
    const cpuAtWarm = handler.cpuSeconds();
    const done = await waitFor(total, 'deciding the backlog');
    const decidedPerSec = (done.count - warm.count) / ((done.at - warm.at) / 1000);
    const handlerCpuMsPer1000Commands = ((handler.cpuSeconds() - cpuAtWarm) * 1000 * 1000) / (done.count - warm.count);
    await handler.stop();

    context.log('reference: ProducerPerformance');
    const reference = await producerPerformance(context, { topic: referenceTopic, records: parameters.referenceRecords, recordSize });
    return measured(
      [{ label: 'orders', value: decidedPerSec, unit: 'commands/s', reference: { label: 'ProducerPerformance', value: reference.recordsPerSec, unit: 'records/s' } }],
      { ...parameters, recordSize },
      {
        warmupSeconds: (warm.at - spawnedAt) / 1000,
        measuredSeconds: (done.at - warm.at) / 1000,
        // What the handler itself spent per command, which the machine's other load moves much less than the rate.
        handlerCpuMsPer1000Commands,
        backlogProducedPerSec: total / produceSeconds,
        reference,
      },
    );
  },
};
