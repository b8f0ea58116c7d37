/**
 * The reference of the latency benchmark: LatencyPipeline.java beside this file — Eventline's
 * Kafka hops (command produced; read committed by a transactional producer per partition that
 * writes event + outcome + snapshot in one transaction per poll; event read committed) in
 * Kafka's own Java client, and nothing else. What it measures at a rate is the floor of
 * Eventline's command → event latency on this machine and broker.
 */
import path from 'node:path';
import { REPO_ROOT } from '../../infra/repo-root';
import { InternalError } from '../../platform/errors';
import type { ToolContext } from '../harness';
import { runKafkaTool } from './kafka-perf';

const SOURCE = path.join(REPO_ROOT, 'bench', 'references', 'LatencyPipeline.java');
/** JVM start and compiling the source included. */
const START_MS = 30_000;
/** The longest a rate's last events may take to arrive (DRAIN_NS in the Java source). */
const DRAIN_MS = 10_000;

/** The topics the pipeline reads and writes (OUTPUT_TOPICS and the commands in the Java source); the caller creates them. */
export function latencyPipelineTopics(topicPrefix: string): string[] {
  return ['commands', 'events', 'outcomes', 'snapshots'].map((name) => `${topicPrefix}${name}`);
}

export interface LatencyPipelineOptions {
  readonly brokers: readonly string[];
  /** Prefix of latencyPipelineTopics, which must exist with `partitions` partitions each. */
  readonly topicPrefix: string;
  readonly partitions: number;
  readonly ratesPerSec: readonly number[];
  /** Distinct keys, sent round-robin (the rooms of the Eventline run). */
  readonly keys: number;
  /** Bytes of every record value (at least 8: the scheduled send time). */
  readonly recordBytes: number;
  readonly firstWarmupMs: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface PipelineLatency {
  readonly ratePerSec: number;
  /** Commands scheduled in the measured window, and how many of their events arrived. */
  readonly expected: number;
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const FIELDS = ['ratePerSec', 'expected', 'count', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'] as const;

/** The pipeline's report lines (one JSON object per rate); anything else it printed is ignored. */
export function parsePipelineReport(stdout: string): PipelineLatency[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const report = JSON.parse(line) as Record<string, unknown>;
      for (const field of FIELDS) {
        if (typeof report[field] !== 'number') throw new InternalError(`LatencyPipeline reported no number for ${field}: ${line}`);
      }
      return report as unknown as PipelineLatency;
    });
}

export async function runLatencyPipeline(context: ToolContext, options: LatencyPipelineOptions): Promise<PipelineLatency[]> {
  const args = Object.entries({
    brokers: options.brokers.join(','),
    prefix: options.topicPrefix,
    partitions: options.partitions,
    rates: options.ratesPerSec.join(','),
    keys: options.keys,
    recordBytes: options.recordBytes,
    firstWarmupMs: options.firstWarmupMs,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
  }).map(([name, value]) => `${name}=${value}`);
  const runMs = options.ratesPerSec.reduce((sum, _rate, index) => sum + (index === 0 ? options.firstWarmupMs : options.warmupMs) + options.durationMs + DRAIN_MS, START_MS);
  const reports = parsePipelineReport(await runKafkaTool(context, SOURCE, args, { label: 'LatencyPipeline', timeoutMs: runMs }));
  if (reports.length !== options.ratesPerSec.length) throw new InternalError(`LatencyPipeline reported ${reports.length} of ${options.ratesPerSec.length} rates`);
  return reports;
}
