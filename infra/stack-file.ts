/**
 * `<dataDir>/stack.json`: where the stack `npm start` runs can be reached, written once it is
 * up and removed when it stops, so that the `eventline` CLI in another terminal finds it
 * without KAFKA_BROKERS / DATABASE_URL. The file names the launcher's pid: a file left by a
 * launcher that was killed is recognised as stale and ignored.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface StackFile {
  readonly kafkaBrokers: readonly string[];
  readonly databaseUrl: string;
  /** The `npm start` process that wrote the file. */
  readonly pid: number;
}

export const STACK_FILE_NAME = 'stack.json';

export function stackFilePath(dataDir: string): string {
  return path.join(dataDir, STACK_FILE_NAME);
}

export function writeStackFile(dataDir: string, stack: StackFile): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = stackFilePath(dataDir);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Removes the file if it is this process's (a second `npm start` that failed must not remove the first one's). */
export function removeStackFile(dataDir: string, pid = process.pid): void {
  if (readStackFile(dataDir, () => true)?.pid === pid) fs.rmSync(stackFilePath(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded stack when the file exists, parses, and its launcher is still running. */
export function readStackFile(dataDir: string, isRunning: (pid: number) => boolean = alive): StackFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(stackFilePath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const candidate = parsed as Partial<StackFile>;
  const valid =
    Array.isArray(candidate.kafkaBrokers) &&
    candidate.kafkaBrokers.every((broker) => typeof broker === 'string') &&
    typeof candidate.databaseUrl === 'string' &&
    Number.isInteger(candidate.pid);
  return valid && isRunning(candidate.pid as number) ? (candidate as StackFile) : undefined;
}
