/**
 * The `eventline` command. Each command group lives in cli/commands/<group>.ts and is
 * registered here; this file owns only the program, the global options and exit codes.
 *
 * Exit codes: 0 success, 1 the command ran and failed, 2 usage error (unknown command or
 * option, missing argument). Failures print one line, `eventline: <message>`, unless
 * --verbose asks for the stack.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { Command, CommanderError } from 'commander';
import { toEventlineError } from '../platform/errors';
import { registerSchemasCommands } from './commands/schemas';
import { processOutput, type CliOutput } from './context';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function createProgram(output: CliOutput = processOutput): Command {
  const program = new Command('eventline')
    .description('Operate an Eventline deployment: schema checks, and more to come.')
    .version(packageVersion(), '-V, --version')
    .option('--verbose', 'print stack traces and causes of failures', false)
    .option('--json', 'print machine-readable JSON instead of text', false)
    // Throw instead of calling process.exit, so run() decides the exit code; subcommands
    // created with .command() inherit this and the output settings.
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) })
    .showHelpAfterError();
  registerSchemasCommands(program, output);
  return program;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit code. */
export async function run(argv: readonly string[] = process.argv, output: CliOutput = processOutput): Promise<number> {
  const program = createProgram(output);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help / version it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const failure = toEventlineError(error);
    const { verbose } = program.opts<{ verbose: boolean }>();
    // inspect() shows the stack, the context and the cause chain.
    output.err(verbose ? `${inspect(failure, { depth: 6 })}\n` : `eventline: ${failure.message}\n`);
    return EXIT_FAILURE;
  }
}

/** package.json's version: one directory up from cli/, two from dist/cli/. */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
