/**
 * Keeps `npm start`'s processes running: the Eventline services (child processes whose JSON
 * logs go to `<logDir>/<name>.log`, shown as a readable line per record on the terminal) and
 * the local Kafka and PostgreSQL (local-stack.ts).
 *
 * - A service that crashes is restarted with backoff, giving up after repeated quick failures.
 * - A server that dies is reported loudly and started again on the same port and data, with
 *   backoff, until it is back (it is what everything else needs, so it is never given up on).
 *   A service that exits while a server is down is started again once every server is back,
 *   without counting that exit as a failure of its own.
 * - `stopAll()` stops everything in every state: the services first (SIGTERM, graceful), then
 *   the servers, including one being restarted at that moment.
 *
 * Each service runs in a process group of its own. In the terminal's group, a Ctrl-C gave
 * every service the terminal's SIGINT and then the supervisor's SIGTERM, which a service takes
 * as a second signal ("exit now"), so none shut down gracefully.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { LocalServer } from './local-stack';
import { failureLine, stopProcess } from './processes';

export interface ServiceSpec {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const RESTART_LIMIT = 5;
const STABLE_AFTER_MS = 30_000;
const SERVER_BACKOFF = { firstMs: 1_000, maxMs: 30_000 };

/** One pino JSON line as `12:00:01 info  gateway  message key=value`. */
export function formatLogLine(name: string, line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${name.padEnd(16)} ${line}`;
  }
  const { level, time, msg, service: _service, pid: _pid, hostname: _hostname, name: _name, ...rest } = record;
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock(typeof time === 'number' ? time : Date.now())} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${name.padEnd(16)} ${String(msg ?? '')}${extra ? `  ${extra}` : ''}`;
}

const clock = (time = Date.now()): string => new Date(time).toISOString().slice(11, 19);
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly servers: LocalServer[] = [];
  /** Servers being started again, each with the restart loop to wait for on stop. */
  private readonly restarting = new Map<LocalServer, Promise<void>>();
  private readonly serversBack: (() => void)[] = [];
  private readonly stop = new AbortController();

  constructor(
    private readonly logDir: string,
    private readonly print: (line: string) => void,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  private get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  /** Watches servers a local stack started: each one that dies is started again where it was. */
  superviseServers(servers: readonly LocalServer[]): void {
    for (const server of servers) {
      this.servers.push(server);
      this.watchServer(server);
    }
  }

  start(spec: ServiceSpec, failures = 0): void {
    if (this.stopping) return;
    const startedAt = Date.now();
    const logFile = fs.createWriteStream(path.join(this.logDir, `${spec.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [spec.script], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.children.set(spec.name, child);
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        logFile.write(`${line}\n`);
        this.print(formatLogLine(spec.name, line));
      });
    }
    child.on('exit', (code, signal) => {
      logFile.end();
      if (this.stopping) return;
      const how = code ?? signal;
      if (this.restarting.size > 0) {
        const down = [...this.restarting.keys()].map((server) => server.name).join(' and ');
        this.print(`${spec.name} exited (${how}) while ${down} is down; starting it again once ${down} is back`);
        this.serversBack.push(() => this.start(spec, 0));
        return;
      }
      const recent = Date.now() - startedAt < STABLE_AFTER_MS ? failures + 1 : 1;
      if (recent > RESTART_LIMIT) {
        this.print(`${spec.name} keeps failing (exit ${how}); not restarting it. Log: ${path.join(this.logDir, `${spec.name}.log`)}`);
        return;
      }
      const delay = Math.min(500 * 2 ** (recent - 1), 10_000);
      this.print(`${spec.name} exited (${how}); restarting in ${delay} ms`);
      setTimeout(() => this.start(spec, recent), delay);
    });
  }

  /** Stops the services (SIGTERM at once to all; each gets `graceMs` before SIGKILL), then the servers. */
  async stopAll(graceMs = 20_000): Promise<void> {
    this.stop.abort();
    await Promise.all([...this.children.values()].map((child) => stopProcess(child, 'SIGTERM', graceMs)));
    await Promise.all(this.restarting.values());
    await Promise.all(this.servers.map((server) => server.running.stop()));
  }

  private watchServer(server: LocalServer): void {
    const { running } = server;
    void running.exited.then((exit) => {
      if (this.stopping || server.running !== running) return;
      this.loud(`${server.name} died (${failureLine(exit)}); starting it again on ${server.address} with the same data. Log: ${running.logFile}`);
      const loop = this.restartServer(server).finally(() => {
        this.restarting.delete(server);
        if (this.restarting.size === 0 && !this.stopping) for (const resume of this.serversBack.splice(0)) resume();
      });
      this.restarting.set(server, loop);
    });
  }

  private async restartServer(server: LocalServer): Promise<void> {
    for (let attempt = 1, delayMs = SERVER_BACKOFF.firstMs; ; attempt += 1, delayMs = Math.min(delayMs * 2, SERVER_BACKOFF.maxMs)) {
      await sleep(delayMs, this.stop.signal);
      if (this.stopping) return;
      try {
        server.running = await server.restart(this.stop.signal);
      } catch (error) {
        if (this.stopping) return;
        this.loud(`${server.name} did not start again (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}; next try in ${Math.min(delayMs * 2, SERVER_BACKOFF.maxMs) / 1000} s`);
        continue;
      }
      // Stopped while its start-up was finishing: stopAll stops it through server.running.
      if (this.stopping) return;
      this.print(`${clock()} info  ${'supervisor'.padEnd(16)} ${server.name} is back on ${server.address} (pid ${server.running.pid}, attempt ${attempt})`);
      this.watchServer(server);
      return;
    }
  }

  /** A line that stands out among the services' log lines. */
  private loud(message: string): void {
    this.print(`${clock()} ERROR ${'supervisor'.padEnd(16)} !!! ${message}`);
  }
}
