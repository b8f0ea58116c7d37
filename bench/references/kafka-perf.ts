/**
 * Kafka's own perf tools, the ceiling for anything Eventline writes to or reads from Kafka on
 * this machine: org.apache.kafka.tools.ProducerPerformance and ConsumerPerformance, from the
 * same jars infra/pom.xml resolves for the broker (kafka-tools).
 */
import { resolveKafkaClasspath } from '../../infra/kafka';
import { InternalError } from '../../platform/errors';
import { runTool, type BenchContext, type ToolContext } from '../harness';

const TOOL_TIMEOUT_MS = 180_000;
/** Fixed locale: the tools format their figures with String.format. */
const JVM_FLAGS = ['-Xmx512m', '-Duser.language=en', '-Duser.country=US'];

/**
 * Runs `main` on the broker's classpath: a class of Kafka's jars, or a `.java` file of the
 * bench's own (source-file mode: compiled in memory, nothing to build). Logged as `label`.
 */
export async function runKafkaTool(
  context: ToolContext,
  main: string,
  args: readonly string[],
  { label = main.split('.').pop() ?? main, timeoutMs = TOOL_TIMEOUT_MS }: { label?: string; timeoutMs?: number } = {},
): Promise<string> {
  const classpath = await resolveKafkaClasspath();
  return runTool(context, 'java', [...JVM_FLAGS, '-cp', classpath, main, ...args], { label, timeoutMs });
}

export interface ProducerPerf {
  readonly records: number;
  readonly recordSize: number;
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  readonly avgLatencyMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxLatencyMs: number;
}

// "500000 records sent, 245098.0 records/sec (46.75 MB/sec), 482.10 ms avg latency, 800.00 ms max latency, 470 ms 50th, 740 ms 95th, 790 ms 99th, 798 ms 99.9th."
const PRODUCER_SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/;

/** As Eventline produces: acks=-1, idempotent, unthrottled; null keys. */
export async function producerPerformance(context: BenchContext, options: { topic: string; records: number; recordSize: number }): Promise<ProducerPerf> {
  const stdout = await runKafkaTool(context, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic', options.topic,
    '--num-records', String(options.records),
    '--record-size', String(options.recordSize),
    '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${context.stack.kafkaBrokers.join(',')}`, 'acks=-1', 'enable.idempotence=true',
  ]);
  const match = PRODUCER_SUMMARY.exec(stdout);
  if (!match) throw new InternalError(`ProducerPerformance printed no summary line: ${stdout.trim().split('\n').pop() ?? ''}`);
  const [, records, recordsPerSec, mbPerSec, avg, max, p50, p99] = match.map(Number);
  return {
    records: records as number,
    recordSize: options.recordSize,
    recordsPerSec: recordsPerSec as number,
    mbPerSec: mbPerSec as number,
    avgLatencyMs: avg as number,
    p50Ms: p50 as number,
    p99Ms: p99 as number,
    maxLatencyMs: max as number,
  };
}

export interface ConsumerPerf {
  readonly records: number;
  /** While fetching, group join excluded (fetch.nMsg.sec). */
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  readonly groupJoinMs: number;
}

/**
 * Reads `records` records of `topic` from the start with a fresh group. With --hide-header the
 * tool prints one line: start.time, end.time, data.consumed.in.MB, MB.sec,
 * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec.
 */
export async function consumerPerformance(context: BenchContext, options: { topic: string; records: number; group: string }): Promise<ConsumerPerf> {
  const stdout = await runKafkaTool(context, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', context.stack.kafkaBrokers.join(','),
    '--topic', options.topic,
    '--messages', String(options.records),
    '--group', options.group,
    '--timeout', '30000',
    '--hide-header',
  ]);
  const line = stdout.trim().split('\n').filter((candidate) => candidate.split(',').length === 10).pop();
  const fields = line?.split(',').map((field) => Number(field.trim()));
  if (!fields || fields.slice(2).some(Number.isNaN)) throw new InternalError(`ConsumerPerformance printed no stats line: ${stdout.trim().split('\n').pop() ?? ''}`);
  const [, , , , consumed, , rebalanceMs, , fetchMbPerSec, fetchRecordsPerSec] = fields as number[];
  return { records: consumed as number, recordsPerSec: fetchRecordsPerSec as number, mbPerSec: fetchMbPerSec as number, groupJoinMs: rebalanceMs as number };
}
