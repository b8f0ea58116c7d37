/**
 * Progress of a long read (a replay's, services/projector/replay): a cli-progress bar (with events/s and ETA) on stderr when stdout is
 * a terminal, and otherwise one plain line on stderr every few seconds, which logs and CI keep
 * readable. stdout stays free for the result.
 */
import { SingleBar } from 'cli-progress';
import type { Progress } from '../services/projector/replay';
import type { CliOutput } from './context';

const LOG_INTERVAL_MS = 2_000;

/** `unit` names what is counted: events read, rows written. */
export function startProgress(output: CliOutput, label: string, total: number, unit = 'events'): Progress {
  return output.isTTY === true ? barProgress(label, total, unit) : logProgress(output, label, total, unit);
}

function rate(done: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
}

function barProgress(label: string, total: number, unit: string): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  const startedAt = Date.now();
  let done = 0;
  bar.start(Math.max(total, 1), 0, { rate: 0 });
  return {
    advance(count) {
      done += count;
      // Transaction markers count in the total but are never read: never show more than 100%.
      bar.update(Math.min(done, total), { rate: rate(done, startedAt) });
    },
    stop() {
      bar.update(total, { rate: rate(done, startedAt) });
      bar.stop();
    },
  };
}

function logProgress(output: CliOutput, label: string, total: number, unit: string): Progress {
  const startedAt = Date.now();
  let done = 0;
  const timer = setInterval(() => {
    const perSecond = rate(done, startedAt);
    const eta = perSecond > 0 ? `, ETA ${Math.ceil(Math.max(0, total - done) / perSecond)} s` : '';
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    output.err(`${label}: ${done}/${total} ${unit} (${percent}%), ${perSecond} ${unit}/s${eta}\n`);
  }, LOG_INTERVAL_MS);
  // A progress line must never keep the process alive.
  timer.unref();
  return {
    advance(count) {
      done += count;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
