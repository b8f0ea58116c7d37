/**
 * An Eventline service under test (gateway, command handler, projector) started from dist/ as its own
 * process, the way `npm start` runs it: own event loop, own memory (read from /proc), and
 * `--profile` can add --cpu-prof to it alone. Stopped with SIGTERM, so its graceful shutdown
 * runs and a CPU profile is written.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from '../../infra/processes';
import { serviceProcessEnv } from '../../services/command-handler/process-env';
import { TimedOutError, UnavailableError } from '../../platform/errors';
import type { BenchContext } from './benchmark';
import { cpuSeconds, residentBytes, spawnNode } from './node-process';

export type ServiceName = 'gateway' | 'command-handler' | 'projector';

/** Each service's entry point under dist/; the fault suite (chaos/) starts the same ones. */
export const SERVICE_SCRIPTS: Record<ServiceName, string> = {
  gateway: 'gateway/main.js',
  'command-handler': 'services/command-handler/main.js',
  projector: 'services/projector/main.js',
};

/** The environment each service's process starts with, as `npm start` starts it (process-env.ts). */
export const serviceEnv: (service: ServiceName, env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv = serviceProcessEnv;

const STOP_GRACE_MS = 30_000;
const PINO_ERROR = 50;
/** How often each benchmark started each service, for the names of their CPU profiles. */
const profileStarts = new Map<string, number>();

export class ServiceProcess {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly service: ServiceName,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * `env` is added to this process's environment; LOG_LEVEL defaults to warn so the
   * service's logging is not what is measured, OPS_PORT to any free port.
   */
  static start(context: BenchContext, service: ServiceName, env: Readonly<Record<string, string>>): ServiceProcess {
    const logFile = path.join(context.logDir, `${context.name}-${service}.log`);
    // Written when the process exits, which the SIGTERM of stop() lets it do.
    // A service started again in one benchmark (a takeover) gets its own file: -2, -3, …
    const profileName = `${context.name}-${service}`;
    const starts = (profileStarts.get(profileName) ?? 0) + 1;
    profileStarts.set(profileName, starts);
    const profile = context.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${context.profileDir}`, `--cpu-prof-name=${profileName}${starts > 1 ? `-${starts}` : ''}.cpuprofile`] : [];
    const child = spawnNode({ script: SERVICE_SCRIPTS[service], nodeArgs: profile, env: serviceEnv(service, { ...process.env, LOG_LEVEL: 'warn', OPS_PORT: '0', ...env }), logFile });
    const started = new ServiceProcess(service, logFile, child);
    context.defer(() => started.stop());
    return started;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory now (VmRSS). */
  rssBytes(): number {
    return residentBytes(this.pid);
  }

  /** CPU seconds (user + system) it has used so far. */
  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** Where to look when it misbehaves: its log, and the last error it logged (pino level error or fatal). */
  explain(): string {
    let lastError: string | undefined;
    for (const line of fs.readFileSync(this.logFile, 'utf8').split('\n')) {
      try {
        const record = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
        if ((record.level ?? 0) >= PINO_ERROR) lastError = [record.msg, record.err?.message].filter(Boolean).join(': ');
      } catch {
        // not a log record (a stack trace printed by node itself)
      }
    }
    return `${this.service} log: ${this.logFile}${lastError ? `; its last error: ${lastError}` : ''}`;
  }

  /** Resolves once `url` answers 2xx; fails early when the process exits. */
  async waitForHttp(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new UnavailableError(`${this.service} exited while starting (log: ${this.logFile})`);
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new TimedOutError(`${this.service} did not answer ${url} within ${timeoutMs} ms (log: ${this.logFile})`);
  }

  /** SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= stopProcess(this.child, 'SIGTERM', STOP_GRACE_MS);
    return this.stopping;
  }
}
