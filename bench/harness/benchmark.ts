/**
 * What a benchmark is, what it is given, and what it reports. A benchmark either measures
 * figures or says why it cannot run yet; it never invents a number.
 */
import type { Config } from '../../platform/config';
import type { RatioGoal, Target } from '../targets';
import type { BenchStack } from './stack';

/** Servers a benchmark needs; the runner starts them once for every selected benchmark. */
export type Service = 'kafka' | 'postgres';

export type Parameters = Readonly<Record<string, unknown>>;

/** The same machine's ceiling for comparable work, e.g. Kafka's own producer perf tool. */
export interface Reference {
  /** Short: it is printed in the table, e.g. "ProducerPerformance". */
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}

export interface Figure {
  /** What this number is, e.g. "100 sockets"; the table prints "<benchmark> <label>". */
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly reference?: Reference;
  readonly target?: Target;
  /** Judged on the ratio to `reference`; the figure's verdict when set. */
  readonly goal?: RatioGoal;
}

/** A figure a benchmark cannot measure yet while it measures others (its component is missing). */
export interface MissingFigure {
  readonly label: string;
  readonly reason: string;
  readonly target?: Target;
}

export type Outcome =
  | {
      readonly status: 'measured';
      readonly figures: readonly Figure[];
      readonly missing?: readonly MissingFigure[];
      readonly parameters: Parameters;
      /** Secondary numbers kept in the JSON only (record sizes, latency percentiles, …). */
      readonly details?: Parameters;
    }
  | { readonly status: 'not-available'; readonly reason: string; readonly parameters: Parameters };

export interface Benchmark {
  readonly name: string;
  /** One line for --list and --help. */
  readonly summary: string;
  readonly needs: readonly Service[];
  /** The targets (docs/performance.md) this benchmark judges; the table shows them even when it cannot run. */
  readonly targets: readonly Target[];
  /** Hard bound of one run, set-up and warm-up included: past it the run fails and its processes are stopped. */
  readonly budgetMs: number;
  run(context: BenchContext): Promise<Outcome>;
}

export interface BenchContext {
  readonly name: string;
  /** Short id of this `npm run bench`: prefix of every topic, group and table a benchmark creates. */
  readonly runId: string;
  readonly config: Readonly<Config>;
  readonly stack: BenchStack;
  /** `--quick`: counts and durations shrunk for a smoke run; the figures are not comparable. */
  readonly quick: boolean;
  /** `--profile`: where the Eventline services a benchmark starts write CPU profiles. */
  readonly profileDir: string | undefined;
  /** Where child processes write their logs. */
  readonly logDir: string;
  /** `value`, or a tenth of it (never below `minimum`) with --quick. */
  scaled(value: number, minimum: number): number;
  log(message: string): void;
  /** Registers a clean-up step; steps run last-registered first when the benchmark ends, fails or times out. */
  defer(cleanup: () => Promise<unknown> | void): void;
}

export function measured(figures: readonly Figure[], parameters: Parameters, details?: Parameters, missing?: readonly MissingFigure[]): Outcome {
  return { status: 'measured', figures, missing, parameters, details };
}

export function notAvailable(reason: string, parameters: Parameters): Outcome {
  return { status: 'not-available', reason, parameters };
}
