/**
 * Helpers for the child processes infra starts (a JVM for Kafka, postgres): find tools on
 * PATH, learn how a process ended (a spawn that failed included), stop it politely then
 * firmly, and clean up a server left behind by a launcher that was killed (its pid file
 * names it).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { InfraMissingError } from '../platform/errors';

export function requireTool(tool: string, why: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new InfraMissingError(`"${tool}" is not on PATH: ${why}`);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How a process ended: its exit code or signal, or the error that kept it from starting (ENOENT, EACCES). */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/**
 * Resolves once `child` has ended. A spawn that fails emits 'error' and no 'exit'; listening
 * for it here also keeps it from becoming an unhandled 'error' event that kills the launcher.
 */
export function watchExit(child: ChildProcess): Promise<ProcessExit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

/** `exit code 1`, `signal SIGKILL`, or the spawn error; with the log's last error line when there is one. */
export function failureLine(exit: ProcessExit, logFile?: string): string {
  const how = exit.error ? exit.error.message : exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  const logged = logFile === undefined ? undefined : lastErrorLine(logFile);
  return logged === undefined ? how : `${how}: ${logged}`;
}

/** The last line of a log that reports an error (FATAL, ERROR, Exception), trimmed to one short line. */
export function lastErrorLine(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n').reverse().find((candidate) => /\b(FATAL|ERROR|PANIC)\b|Exception\b/.test(candidate));
  return line?.trim().slice(0, 300);
}

/** Sends `signal`, waits up to `graceMs` for exit, then SIGKILLs. Safe to call twice. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The pid on the first line of `pidFile`, or undefined when there is none. */
export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves once `pid` is gone, or after `timeoutMs`; polls, so it also works for a process that is not our child. */
export async function untilExited(pid: number, timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Kills a process recorded in `pidFile` if it is still running and its command line mentions `marker`. */
export async function killStale(pidFile: string, marker: string, graceMs = 15_000): Promise<boolean> {
  const pid = readPid(pidFile);
  fs.rmSync(pidFile, { force: true });
  if (pid === undefined || !isAlive(pid)) return false;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  if (!cmdline.includes(marker)) return false;
  process.kill(pid, 'SIGTERM');
  await untilExited(pid, graceMs);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
