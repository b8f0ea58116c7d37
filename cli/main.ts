/**
 * The `eventline` command. Each command group lives in cli/commands/<group>.ts and is
 * registered here; this file owns only the program, the global options and exit codes.
 *
 * Exit codes: 0 success, 1 the command ran and failed, 2 usage error (unknown command or
 * option, missing argument, bad option value, or a BadRequestError a command throws), 130 a
 * replay or export stopped by Ctrl-C. Failures print one line, `eventline: <message>`, unless
 * --verbose asks for the stack.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { Command, CommanderError, Option } from 'commander';
import { BadRequestError, toEventlineError } from '../platform/errors';
import { parseBrokersOption, parseDatabaseUrl } from './arguments';
import { registerDlqCommands } from './commands/dlq';
import { registerEventsCommands } from './commands/events';
import { registerExportCommands } from './commands/export';
import { registerLagCommand } from './commands/lag';
import { registerNewCommands } from './commands/new';
import { registerOffsetsCommands } from './commands/offsets';
import { registerReplayCommand } from './commands/replay';
import { registerSchemasCommands } from './commands/schemas';
import { registerTopicsCommands } from './commands/topics';
import { processOutput, type CliContext, type CliOutput } from './context';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Commander's own default, for help printed anywhere but a terminal. */
const DEFAULT_HELP_WIDTH = 80;

export function createProgram(context: CliContext): Command {
  const { output } = context;
  const program = new Command('eventline')
    .description('Operate an Eventline deployment: inspect topics and dead letters, consumer lag, offsets, schema checks, read-model replay; scaffold new domains and workflows.')
    .version(packageVersion(), '-V, --version')
    .option('--verbose', 'print stack traces and causes of failures, and Kafka client warnings', false)
    .option('--json', 'print machine-readable JSON instead of text', false)
    .addOption(new Option('--brokers <host:port,…>', 'Kafka brokers (default: KAFKA_BROKERS)').argParser(parseBrokersOption))
    .addOption(new Option('--database-url <url>', 'PostgreSQL of the read models (default: DATABASE_URL)').argParser(parseDatabaseUrl))
    // Throw instead of calling process.exit, so run() decides the exit code; subcommands
    // created with .command() inherit this and the output settings.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
      // Wrap help to the output's terminal, not to process.stdout's when the output is captured.
      getOutHelpWidth: () => output.columns ?? DEFAULT_HELP_WIDTH,
      getErrHelpWidth: () => output.columns ?? DEFAULT_HELP_WIDTH,
    })
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText(
      'after',
      `
Connection settings come from the services' environment (KAFKA_BROKERS, DATABASE_URL, TOPIC_PREFIX,
KAFKA_CLIENT_ID); --brokers and --database-url override them. Exit codes: 0 ok, 1 failure,
2 usage error, 130 replay or export interrupted.`,
    );
  registerEventsCommands(program, context);
  registerExportCommands(program, context);
  registerDlqCommands(program, context);
  registerLagCommand(program, context);
  registerOffsetsCommands(program, context);
  registerTopicsCommands(program, context);
  registerReplayCommand(program, context);
  registerSchemasCommands(program, output);
  registerNewCommands(program, output);
  return program;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit code. */
export async function run(argv: readonly string[] = process.argv, output: CliOutput = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const context: CliContext = { output, env, exitCode: undefined };
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv]);
    return context.exitCode ?? EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help / version it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const failure = toEventlineError(error);
    const { verbose } = program.opts<{ verbose: boolean }>();
    // inspect() shows the stack, the context and the cause chain.
    output.err(verbose ? `${inspect(failure, { depth: 6 })}\n` : `eventline: ${failure.message}\n`);
    // Commands report usage mistakes they can only see once running (an ambiguous offset) this way.
    return failure instanceof BadRequestError ? EXIT_USAGE : EXIT_FAILURE;
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
