/**
 * cluster: commands per second on a three-node Kafka cluster (infra/kafka.ts,
 * startKafkaCluster, started by this benchmark in a temporary directory) with topics of 6
 * partitions, 3 replicas and 2 in sync. 1 and then 2 command handler processes start on topics
 * of their own; once their group is stable, orders commands are produced as fast as the cluster
 * acks them, as the gateway publishes them (idempotent, acks from every in-sync replica), while
 * the handlers decide them (harness/handler-backlog.ts). Acked: commands/s produced; decided:
 * commands/s committed by the handlers after the warm-up. Reference: ProducerPerformance on the same cluster, same record size,
 * same replication. On one machine the three brokers, the handlers and the load share the
 * cores, so a second handler shows what parallel partitions buy only where the handler, not
 * the brokers, was the bottleneck (docs/performance.md, "A cluster on two cores").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKafkaCluster } from '../../infra/kafka';
import { TopicNames } from '../../platform/kafka';
import { eventlineTopicSpecs } from '../../services/topology';
import { ordersWorkload } from '../../test/support/workload';
import { benchAdmin, benchKafka, createBenchTopics, measured, topicPrefix, type BenchContext, type Benchmark } from '../harness';
import { workOffBacklog, type BacklogRun } from '../harness/handler-backlog';
import { cpuSeconds } from '../harness/node-process';
import { meanCommandRecordBytes } from '../references/command-record-size';
import { producerPerformance } from '../references/kafka-perf';

const PARTITIONS = 6;
const NODES = 3;
const SIZE_SAMPLE = 2_000;

export const clusterBenchmark: Benchmark = {
  name: 'cluster',
  summary: 'commands/s acked and decided by 1 and 2 handlers on a 3-node cluster, 6 partitions (reference: ProducerPerformance there)',
  needs: [],
  targets: [],
  budgetMs: 600_000,
  async run(context) {
    const parameters = {
      nodes: NODES,
      partitions: PARTITIONS,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      commands: context.scaled(40_000, 4_000),
      warmupCommands: context.scaled(5_000, 1_000),
      aggregates: context.scaled(6_000, 600),
      workloadSeed: 25,
      handlerInstances: [1, 2],
      referenceRecords: context.scaled(300_000, 50_000),
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-bench-cluster-'));
    context.defer(() => fs.rmSync(dir, { recursive: true, force: true }));
    context.log(`starting a ${NODES}-node Kafka cluster`);
    const cluster = await startKafkaCluster({ dataDir: dir, nodes: NODES, heap: '512m', startTimeoutMs: 240_000 });
    context.defer(() => cluster.stop());
    const onCluster: BenchContext = {
      ...context,
      stack: context.stack.withKafka(cluster.brokers),
      config: { ...context.config, topicPartitions: PARTITIONS, topicReplicationFactor: parameters.replicationFactor, topicMinInsyncReplicas: parameters.minInsyncReplicas },
    };
    const kafka = benchKafka(onCluster);
    const admin = await benchAdmin(onCluster, kafka);

    const runs: Record<number, BacklogRun & { brokersCpuMsPer1000Commands: number }> = {};
    // Where the time goes: the three brokers' CPU over a run (producing and deciding its backlog).
    const brokersCpu = (): number => cluster.nodes.reduce((sum, node) => sum + cpuSeconds(node.pid), 0);
    let recordSize = 0;
    for (const instances of parameters.handlerInstances) {
      const prefix = `${topicPrefix(onCluster)}h${instances}-`;
      const names = new TopicNames(prefix);
      await createBenchTopics(onCluster, admin, eventlineTopicSpecs(names, PARTITIONS));
      const workload = ordersWorkload(parameters.aggregates, parameters.warmupCommands + parameters.commands, parameters.workloadSeed, prefix);
      recordSize = meanCommandRecordBytes(workload.slice(0, SIZE_SAMPLE));
      const cpuBefore = brokersCpu();
      const run = await workOffBacklog(onCluster, { kafka, admin }, { names, partitions: PARTITIONS, workload, warmupCommands: parameters.warmupCommands, instances, handlersFirst: true, env: { TOPIC_REPLICATION_FACTOR: '3' } });
      runs[instances] = { ...run, brokersCpuMsPer1000Commands: ((brokersCpu() - cpuBefore) * 1000 * 1000) / workload.length };
    }

    context.log('reference: ProducerPerformance on the cluster');
    const referenceTopic = `${topicPrefix(onCluster)}reference`;
    await createBenchTopics(onCluster, admin, [{ topic: referenceTopic, numPartitions: PARTITIONS, configEntries: [] }]);
    const reference = await producerPerformance(onCluster, { topic: referenceTopic, records: parameters.referenceRecords, recordSize });
    const yardstick = { label: 'ProducerPerformance', value: reference.recordsPerSec, unit: 'records/s' };
    const handlers = (instances: number): string => `${instances} handler${instances > 1 ? 's' : ''}`;
    return measured(
      parameters.handlerInstances.flatMap((instances) => [
        { label: `acked, ${handlers(instances)}`, value: runs[instances]!.producedPerSec, unit: 'commands/s', reference: yardstick },
        { label: `decided, ${handlers(instances)}`, value: runs[instances]!.decidedPerSec, unit: 'commands/s', reference: yardstick },
      ]),
      { ...parameters, recordSize },
      { runs, reference },
    );
  },
};
