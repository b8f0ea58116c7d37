/**
 * Runs a command-line tool to completion (Kafka's perf tools, the eventline CLI): bounded
 * in time, its output kept in the benchmark's log, its stdout returned for parsing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { UnavailableError } from '../../platform/errors';
import type { BenchContext } from './benchmark';

const execFileAsync = promisify(execFile);

/** What running a tool needs of a benchmark's context: where its log goes. */
export type ToolContext = Pick<BenchContext, 'name' | 'logDir'>;

export interface ToolOptions {
  /** Names the log file: `<logDir>/<benchmark>-<label>.log`. */
  readonly label: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** The first line that starts with an error's name (a stack trace's headline), else the last line. */
function summarize(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  const line = lines.find((candidate) => /^([\w$]+\.)*[\w$]*(Error|Exception)\b/.test(candidate)) ?? lines[lines.length - 1];
  return line ? `: ${line}` : '';
}

export async function runTool(context: ToolContext, command: string, args: readonly string[], options: ToolOptions): Promise<string> {
  fs.mkdirSync(context.logDir, { recursive: true });
  const logFile = path.join(context.logDir, `${context.name}-${options.label}.log`);
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    fs.appendFileSync(logFile, stdout + stderr);
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    fs.appendFileSync(logFile, stdout + stderr);
    throw new UnavailableError(`${options.label} failed (log: ${logFile})${summarize(stderr || stdout)}`, { cause: error });
  }
}
