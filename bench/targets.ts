/**
 * The performance targets (docs/performance.md), in one place: benchmarks attach them to
 * their figures, the summary table prints them and judges pass/fail, docs/performance.md
 * repeats them. They hold on one 2-core machine with Kafka, Postgres and every service on it.
 */
export interface Target {
  /** How the target is stated, for the table. */
  readonly text: string;
  /** `at-least` for throughputs, `at-most` for latencies, durations and memory. */
  readonly bound: 'at-least' | 'at-most';
  readonly value: number;
  /** Must equal the unit of the figure it judges. */
  readonly unit: string;
}

export const TARGETS = {
  ingest: { text: '≥ 20,000/s', bound: 'at-least', value: 20_000, unit: 'commands/s' },
  endToEndP50: { text: 'p50 ≤ 10 ms', bound: 'at-most', value: 10, unit: 'ms' },
  endToEndP99: { text: 'p99 ≤ 50 ms', bound: 'at-most', value: 50, unit: 'ms' },
  fanout: { text: '≥ 200,000/s', bound: 'at-least', value: 200_000, unit: 'messages/s' },
  projection: { text: '≥ 20,000/s', bound: 'at-least', value: 20_000, unit: 'events/s' },
  replay: { text: '≤ 60 s', bound: 'at-most', value: 60, unit: 's' },
  idleSocket: { text: '≤ 16 KiB', bound: 'at-most', value: 16, unit: 'KiB/socket' },
  /** Invariant 10: hostile input costs other users nothing they notice. */
  hostilePing: { text: 'p99 ≤ 50 ms', bound: 'at-most', value: 50, unit: 'ms' },
  handlerRss: { text: '≤ 300 MB', bound: 'at-most', value: 300, unit: 'MB' },
  warmTakeover: { text: '≤ 2 s', bound: 'at-most', value: 2, unit: 's' },
} as const satisfies Record<string, Target>;

/**
 * The goals (docs/performance.md): a figure's ratio to the same run's reference, which holds on
 * any machine where an absolute target moves with it. Where a figure has a goal, its verdict
 * is the goal's; its absolute target is printed beside it for the record.
 */
export interface RatioGoal {
  /** How the goal is stated, for the table. */
  readonly text: string;
  readonly bound: 'at-least' | 'at-most';
  /** Figure ÷ reference. */
  readonly value: number;
}

export const RATIO_GOALS = {
  /** `projection orders` ÷ pg unnest INSERT. */
  projection: { text: '≥ 0.35×', bound: 'at-least', value: 0.35 },
  /** `ingest 1000 sockets` ÷ ProducerPerformance. */
  ingest: { text: '≥ 0.2×', bound: 'at-least', value: 0.2 },
  /** `latency 500/s command→event p50` ÷ the Java pipeline's. */
  lowRateP50: { text: '≤ 3×', bound: 'at-most', value: 3 },
  /** `latency 2,000/s command→event` ÷ the Java pipeline's. */
  endToEndP50: { text: '≤ 2×', bound: 'at-most', value: 2 },
  endToEndP99: { text: '≤ 1.3×', bound: 'at-most', value: 1.3 },
  /** `fanout many keys` ÷ bare ws, one message per frame. */
  fanout: { text: '≥ 4×', bound: 'at-least', value: 4 },
} as const satisfies Record<string, RatioGoal>;

export function meetsTarget(target: Target | RatioGoal, value: number): boolean {
  return target.bound === 'at-least' ? value >= target.value : value <= target.value;
}
