/**
 * Helpers for the child processes infra starts (a JVM for Kafka, postgres): find tools on
 * PATH, stop a process politely then firmly, and clean up a server left behind by a
 * launcher that was killed (its pid file names it).
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

/** Sends `signal`, waits up to `graceMs` for exit, then SIGKILLs. Safe to call twice. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
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

/** The last `lines` lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
