/**
 * Runs the Eventline services as child processes for `npm start`: writes each one's JSON
 * logs to `<logDir>/<name>.log`, shows a readable line per record on the terminal, restarts
 * a service that crashes (with backoff, giving up after repeated failures), and stops them
 * all with SIGTERM.
 *
 * Each service runs in a process group of its own. In the terminal's group, a Ctrl-C gave
 * every service the terminal's SIGINT and then the supervisor's SIGTERM, which a service takes
 * as a second signal ("exit now"), so none shut down gracefully.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { stopProcess } from './processes';

export interface ServiceSpec {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const RESTART_LIMIT = 5;
const STABLE_AFTER_MS = 30_000;

/** One pino JSON line as `12:00:01 info  gateway  message key=value`. */
export function formatLogLine(name: string, line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${name.padEnd(16)} ${line}`;
  }
  const { level, time, msg, service: _service, pid: _pid, hostname: _hostname, name: _name, ...rest } = record;
  const clock = new Date(typeof time === 'number' ? time : Date.now()).toISOString().slice(11, 19);
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${name.padEnd(16)} ${String(msg ?? '')}${extra ? `  ${extra}` : ''}`;
}

export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly print: (line: string) => void,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
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
      const recent = Date.now() - startedAt < STABLE_AFTER_MS ? failures + 1 : 1;
      if (recent > RESTART_LIMIT) {
        this.print(`${spec.name} keeps failing (exit ${code ?? signal}); not restarting it. Log: ${path.join(this.logDir, `${spec.name}.log`)}`);
        return;
      }
      const delay = Math.min(500 * 2 ** (recent - 1), 10_000);
      this.print(`${spec.name} exited (${code ?? signal}); restarting in ${delay} ms`);
      setTimeout(() => this.start(spec, recent), delay);
    });
  }

  /** SIGTERM to every service at once; each gets `graceMs` before SIGKILL. */
  async stopAll(graceMs = 20_000): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.children.values()].map((child) => stopProcess(child, 'SIGTERM', graceMs)));
  }
}
