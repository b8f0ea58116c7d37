/**
 * Starts compiled scripts (services under test, load generators) as separate Node
 * processes. A socket is a file descriptor, and 10,000 of them pass the usual soft limit of
 * 1,024, so every child goes through `sh` to raise its open-file limit to the hard limit first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../infra/repo-root';
import { InfraMissingError } from '../../platform/errors';

/** Compiled JavaScript of the repository; the bench always runs from it. */
export const DIST = path.join(REPO_ROOT, 'dist');

const RAISE_FILE_LIMIT = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null';

export interface NodeProcessOptions {
  /** Path of a compiled script relative to dist/, e.g. `services/command-handler/main.js`. */
  readonly script: string;
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here. */
  readonly logFile: string;
  /** Opens an IPC channel (load generators talk to the runner through it). */
  readonly ipc?: boolean;
}

export function spawnNode(options: NodeProcessOptions): ChildProcess {
  const script = path.join(DIST, options.script);
  if (!fs.existsSync(script)) throw new InfraMissingError(`${script} is missing: run \`npm run build\` (npm run bench does it first)`);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  try {
    // `exec` keeps the pid: the child's pid is node's, so its memory can be read from /proc.
    return spawn('/bin/sh', ['-c', `${RAISE_FILE_LIMIT}; exec "$@"`, 'sh', process.execPath, ...(options.nodeArgs ?? []), script], {
      env: options.env ?? process.env,
      stdio: ['ignore', out, out, ...(options.ipc ? (['ipc'] as const) : [])],
    });
  } finally {
    fs.closeSync(out);
  }
}

/** Resident memory (VmRSS) of a process, from Linux /proc. */
export function residentBytes(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    throw new InfraMissingError(`cannot read the memory of pid ${pid}: this needs Linux /proc`, { cause: error });
  }
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new InfraMissingError(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU time (user + system) a process has used so far, from Linux /proc: what a service spent
 * on the work, whatever else the machine was doing meanwhile (a rate measured on a shared
 * machine moves with the other load; this moves much less).
 */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    throw new InfraMissingError(`cannot read the CPU time of pid ${pid}: this needs Linux /proc`, { cause: error });
  }
  // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** The open-file limit a child started by spawnNode gets. */
export function childFileLimit(): number {
  const limit = execFileSync('/bin/sh', ['-c', `${RAISE_FILE_LIMIT}; ulimit -n`], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(limit);
}
