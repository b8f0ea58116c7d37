/**
 * Runs one benchmark: gives it its context, holds it to its time budget, always runs its
 * clean-up steps (stopping every process it started, deleting its topics), and turns what
 * happened into a result — measured, not available, or failed with the reason.
 */
import { EventlineError, TimedOutError } from '../../platform/errors';
import type { BenchContext, Benchmark, Outcome } from './benchmark';
import type { MachineInfo } from './machine';
import { toResult, type BenchResult } from './results';

/** --quick shrinks counts and durations to a tenth. */
const QUICK_SCALE = 0.1;

/** What every benchmark's context shares, plus what only the runner needs. */
export interface RunSettings extends Pick<BenchContext, 'runId' | 'config' | 'stack' | 'quick' | 'profileDir' | 'logDir'> {
  readonly machine: MachineInfo;
  readonly print: (line: string) => void;
}

type Cleanup = () => Promise<unknown> | void;

/** Clean-up steps of the benchmark that is running; the runner's Ctrl-C handler runs them too. */
const pendingCleanups: Cleanup[] = [];

export async function runPendingCleanups(print: (line: string) => void): Promise<void> {
  for (let cleanup = pendingCleanups.pop(); cleanup; cleanup = pendingCleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      print(`  clean-up step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function budget(ms: number, name: string): { expired: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOutError(`${name} did not finish within its budget of ${Math.round(ms / 1000)} s`)), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

export async function runBenchmark(benchmark: Benchmark, settings: RunSettings): Promise<BenchResult> {
  const { print } = settings;
  const context: BenchContext = {
    name: benchmark.name,
    runId: settings.runId,
    config: settings.config,
    stack: settings.stack,
    quick: settings.quick,
    profileDir: settings.profileDir,
    logDir: settings.logDir,
    scaled: (value, minimum) => (settings.quick ? Math.max(minimum, Math.round(value * QUICK_SCALE)) : value),
    log: (message) => print(`  ${benchmark.name}: ${message}`),
    defer: (cleanup) => void pendingCleanups.push(cleanup),
  };
  const startedAt = new Date();
  const limit = budget(benchmark.budgetMs, benchmark.name);
  let outcome: Outcome | { status: 'failed'; reason: string };
  const running = benchmark.run(context);
  // After a timeout the run is abandoned (its processes are stopped below); its late failure is expected.
  running.catch(() => undefined);
  try {
    outcome = await Promise.race([running, limit.expired]);
  } catch (error) {
    if (!(error instanceof EventlineError)) print(error instanceof Error ? (error.stack ?? error.message) : String(error));
    outcome = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    limit.cancel();
    await runPendingCleanups(print);
  }
  const frame = {
    benchmark: benchmark.name,
    summary: benchmark.summary,
    targets: benchmark.targets,
    quick: settings.quick,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    machine: settings.machine,
  };
  return toResult(frame, outcome);
}
