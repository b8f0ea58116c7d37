/**
 * The runner side of a load process: a load generator (or a bare reference server) in a
 * process of its own, so it neither shares the event loop with the runner nor with the
 * service it loads. `measureWindow` turns the counters of several such processes into
 * rates over one measurement window after a warm-up.
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from '../../infra/processes';
import { TimedOutError, UnavailableError } from '../../platform/errors';
import type { BenchContext } from './benchmark';
import type { GeneratorMessage, RunnerMessage, Snapshot } from './load-protocol';
import { spawnNode } from './node-process';

const READY_TIMEOUT_MS = 60_000;
const SNAPSHOT_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 10_000;

export interface LoadProcessOptions {
  /** Compiled script relative to dist/, e.g. `bench/load/socket-clients.js`. */
  readonly script: string;
  readonly params: unknown;
  /** Names the process in errors and its log file. */
  readonly label: string;
  readonly readyTimeoutMs?: number;
}

type Waiter = { type: GeneratorMessage['type']; resolve(message: GeneratorMessage): void; reject(error: Error): void };

export class LoadProcess<Info = unknown> {
  private readonly waiters: Waiter[] = [];
  private stopping: Promise<void> | undefined;
  private readyInfo: Info | undefined;

  private constructor(
    readonly label: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: GeneratorMessage) => {
      if (message.type === 'failed') return this.failAll(new UnavailableError(`${label}: ${message.message} (log: ${logFile})`));
      const index = this.waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(message);
    });
    child.on('exit', (code, signal) => this.failAll(new UnavailableError(`${label} exited (${code ?? signal}) (log: ${logFile})`)));
  }

  /** Starts the process and resolves once its generator is ready (sockets connected, server listening). */
  static async start<Info = unknown>(context: BenchContext, options: LoadProcessOptions): Promise<LoadProcess<Info>> {
    const logFile = path.join(context.logDir, `${context.name}-${options.label}.log`);
    const load = new LoadProcess<Info>(options.label, logFile, spawnNode({ script: options.script, logFile, ipc: true }));
    context.defer(() => load.stop());
    const ready = load.next('ready', options.readyTimeoutMs ?? READY_TIMEOUT_MS);
    load.send({ type: 'start', params: options.params });
    load.readyInfo = ((await ready) as Extract<GeneratorMessage, { type: 'ready' }>).info as Info;
    return load;
  }

  /** What the generator reported when it became ready. */
  get info(): Info {
    return this.readyInfo as Info;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async snapshot(): Promise<Snapshot> {
    const reply = this.next('snapshot', SNAPSHOT_TIMEOUT_MS);
    this.send({ type: 'snapshot' });
    return ((await reply) as Extract<GeneratorMessage, { type: 'snapshot' }>).snapshot;
  }

  /** Asks the generator to stop, then makes sure the process is gone. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.child.connected) {
        const stopped = this.next('stopped', STOP_GRACE_MS).catch(() => undefined);
        this.send({ type: 'stop' });
        await stopped;
      }
      await stopProcess(this.child, 'SIGTERM', STOP_GRACE_MS);
    })();
    return this.stopping;
  }

  private send(message: RunnerMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  private next(type: GeneratorMessage['type'], timeoutMs: number): Promise<GeneratorMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new TimedOutError(`${this.label}: no ${type} within ${timeoutMs} ms (log: ${this.logFile})`));
      }, timeoutMs);
      const waiter: Waiter = {
        type,
        resolve: (message) => (clearTimeout(timer), resolve(message)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.waiters.push(waiter);
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

export interface Window {
  /** Length of the window, averaged over the processes. */
  readonly seconds: number;
  /** Per-second rate of every counter, summed over the processes. */
  readonly rates: Readonly<Record<string, number>>;
  readonly totals: Readonly<Record<string, number>>;
  /** Each histogram of the window, one encoded histogram per process (harness/histogram.ts mergeHistograms). */
  readonly histograms: Readonly<Record<string, string[]>>;
}

/** Waits `warmupMs`, then measures every counter of `processes` over `durationMs`. */
export async function measureWindow(processes: readonly LoadProcess[], warmupMs: number, durationMs: number): Promise<Window> {
  await sleep(warmupMs);
  // The first snapshot also drains the warm-up out of the interval histograms.
  const first = await Promise.all(processes.map((load) => load.snapshot()));
  await sleep(durationMs);
  const last = await Promise.all(processes.map((load) => load.snapshot()));
  const rates: Record<string, number> = {};
  const totals: Record<string, number> = {};
  const histograms: Record<string, string[]> = {};
  let seconds = 0;
  last.forEach((end, index) => {
    const start = first[index] as Snapshot;
    const elapsed = (end.at - start.at) / 1000;
    seconds += elapsed / last.length;
    for (const [name, value] of Object.entries(end.counters)) {
      const delta = value - (start.counters[name] ?? 0);
      totals[name] = (totals[name] ?? 0) + delta;
      rates[name] = (rates[name] ?? 0) + delta / elapsed;
    }
    for (const [name, encoded] of Object.entries(end.histograms)) (histograms[name] ??= []).push(encoded);
  });
  return { seconds, rates, totals, histograms };
}

/**
 * Client processes for `sockets` sockets: one Node process is one core, so at least two
 * (one is never enough to load a server), one per spare core on bigger machines.
 */
export function clientProcessCount(sockets: number): number {
  return Math.max(1, Math.min(sockets, Math.max(2, os.cpus().length - 1)));
}

/** `total` split into `parts` near-equal whole shares. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}
