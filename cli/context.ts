/**
 * What every command group gets from the program: where to print, the global options, and a
 * way to end with an exit code other than 0 without failing (Ctrl-C during a replay: 130).
 * Commands print through `CliOutput` (never `console`) so tests can capture it, and fail by
 * throwing an EventlineError, which main.ts turns into one line and exit code 1.
 */
import type { Command } from 'commander';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars); false when captured or piped. */
  readonly isTTY?: boolean;
  /** The terminal's width, which `--help` wraps to; absent (80 columns) when not a terminal, so captured help is the same everywhere. */
  readonly columns?: number;
}

let stdoutWatched = false;

/**
 * A reader that went away (`eventline events dump … | head`) ends the command quietly, as
 * SIGPIPE ends a Unix tool, instead of an unhandled EPIPE with a stack trace. Exit code 0: the
 * reader got what it wanted.
 */
function watchStdout(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export const processOutput: CliOutput = {
  out: (text) => {
    watchStdout();
    process.stdout.write(text);
  },
  err: (text) => process.stderr.write(text),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
};

/** Options every command accepts, declared once on the program. */
export interface GlobalOptions {
  /** Print stack traces and causes of failures, and the Kafka client's warnings. */
  verbose: boolean;
  /** Print machine-readable JSON on stdout instead of text. */
  json: boolean;
  /** --brokers: overrides KAFKA_BROKERS (already parsed). */
  brokers?: string[];
  /** --database-url: overrides DATABASE_URL. */
  databaseUrl?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** One run of the program: the output, the environment, and the exit code a command asked for, if any. */
export interface CliContext {
  readonly output: CliOutput;
  /** Where settings are read from: process.env, or what a test or an embedding program passes. */
  readonly env: NodeJS.ProcessEnv;
  /** Set by a command that ends without failing but not successfully (130: interrupted). */
  exitCode: number | undefined;
}
