/**
 * command-handler: decided commands per second. A backlog of orders commands (the test
 * workload: many aggregates, interleaved, a share of them rejected) is produced first; then
 * the handler (dist/services/command-handler/main.js, its own process) starts and works it
 * off. A command counts as decided when its transaction — events, snapshot, outcome and the
 * handler's position — is committed (harness/handler-backlog.ts: progress from the group's
 * offsets, the first commands the warm-up). Reference: ProducerPerformance writing as many records of the same size.
 */
import { TopicNames } from '../../platform/kafka';
import { eventlineTopicSpecs } from '../../services/topology';
import { ordersWorkload } from '../../test/support/workload';
import { benchAdmin, benchKafka, createBenchTopics, measured, topicPrefix, type Benchmark } from '../harness';
import { workOffBacklog } from '../harness/handler-backlog';
import { meanCommandRecordBytes } from '../references/command-record-size';
import { producerPerformance } from '../references/kafka-perf';

/** Commands the record size is measured over. */
const SIZE_SAMPLE = 2_000;

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
    const referenceTopic = `${prefix}reference`;
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, [
      ...eventlineTopicSpecs(names, parameters.partitions),
      { topic: referenceTopic, numPartitions: parameters.partitions, configEntries: [] },
    ]);

    const total = parameters.warmupCommands + parameters.commands;
    const workload = ordersWorkload(parameters.aggregates, total, parameters.workloadSeed, prefix);
    const recordSize = meanCommandRecordBytes(workload.slice(0, SIZE_SAMPLE));
    const run = await workOffBacklog(context, { kafka, admin }, { names, partitions: parameters.partitions, workload, warmupCommands: parameters.warmupCommands, instances: 1 });

    context.log('reference: ProducerPerformance');
    const reference = await producerPerformance(context, { topic: referenceTopic, records: parameters.referenceRecords, recordSize });
    return measured(
      [{ label: 'orders', value: run.decidedPerSec, unit: 'commands/s', reference: { label: 'ProducerPerformance', value: reference.recordsPerSec, unit: 'records/s' } }],
      { ...parameters, recordSize },
      {
        warmupSeconds: run.warmupSeconds,
        measuredSeconds: run.measuredSeconds,
        // What the handler itself spent per command, which the machine's other load moves much less than the rate.
        handlerCpuMsPer1000Commands: run.handlerCpuMsPer1000Commands,
        backlogProducedPerSec: run.producedPerSec,
        reference,
      },
    );
  },
};
