/**
 * What every command group gets from the program: where to print, and the global options.
 * Commands print through `CliOutput` (never `console`) so tests can capture it, and fail by
 * throwing an EventlineError, which main.ts turns into one line and exit code 1.
 */
import type { Command } from 'commander';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Options every command accepts, declared once on the program. */
export interface GlobalOptions {
  /** Print stack traces and causes of failures. */
  verbose: boolean;
  /** Print machine-readable JSON on stdout instead of text. */
  json: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
