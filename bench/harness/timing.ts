/** Measuring in this process: a warmed-up operations-per-second loop, and waiting for a count to grow. */
import { setTimeout as sleep } from 'node:timers/promises';
import { TimedOutError } from '../../platform/errors';
import { monotonicMs } from './load-protocol';

export interface LoopRate {
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/**
 * Runs `operation` for `warmupMs` (discarded: the JIT settles) and then for `durationMs`.
 * The clock is read once per `batch` calls so that reading it costs nothing measurable.
 */
export function measureLoop(operation: () => void, warmupMs: number, durationMs: number, batch = 1_000): LoopRate {
  const run = (ms: number): LoopRate => {
    const started = monotonicMs();
    let operations = 0;
    let now = started;
    while (now - started < ms) {
      for (let i = 0; i < batch; i += 1) operation();
      operations += batch;
      now = monotonicMs();
    }
    const seconds = (now - started) / 1000;
    return { operations, seconds, perSecond: operations / seconds };
  };
  run(warmupMs);
  return run(durationMs);
}

/**
 * Polls a count that grows (records decided, events applied) until it reaches `target`.
 * Fails when it stops growing for `stallMs`: a stuck service is reported at once rather
 * than at the end of the benchmark's budget, with what `explain` adds (e.g. the service's
 * last logged error). `read` returns undefined while it cannot tell.
 */
export async function waitForCount(
  read: () => Promise<number | undefined>,
  options: { target: number; stallMs: number; intervalMs: number; what: string; explain?: () => string },
): Promise<{ count: number; at: number }> {
  let last = -1;
  let lastChange = monotonicMs();
  for (;;) {
    const count = await read();
    const at = monotonicMs();
    if (count !== undefined && count >= options.target) return { count, at };
    if (count !== undefined && count > last) {
      last = count;
      lastChange = at;
    } else if (at - lastChange > options.stallMs) {
      const stuck = `stuck at ${Math.max(0, last).toLocaleString('en-US')} of ${options.target.toLocaleString('en-US')} for ${Math.round(options.stallMs / 1000)} s`;
      throw new TimedOutError(`${stuck} ${options.what}${options.explain ? `; ${options.explain()}` : ''}`);
    }
    await sleep(options.intervalMs);
  }
}
