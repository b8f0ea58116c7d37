/**
 * `eventline replay <projection>`: rebuild a read model from its events into a shadow table and
 * swap it in (services/projector/replay/ has the protocol), or compare it with the live one (--dry-run).
 */
import { Argument, Option, type Command } from 'commander';
import { domains } from '../../domains';
import { TopicNames } from '../../platform/kafka';
import { checkReplayRequest, replay, shadowTableName } from '../../services/projector/replay';
import { parsePositiveInteger, parseUntil, type Position } from '../arguments';
import { globalOptions, type CliContext } from '../context';
import { withDatabase } from '../database';
import { jsonDocument } from '../format/json';
import { replayText } from '../format/replay-report';
import { EXIT_INTERRUPTED, onInterrupt } from '../interrupt';
import { withKafka } from '../kafka-session';
import { startProgress } from '../progress';
import { cliSettings, requireDatabaseUrl } from '../settings';

const DEFAULT_SHOWN_DIFFERENCES = 10;

export function registerReplayCommand(program: Command, context: CliContext): void {
  const projections = domains.flatMap((domain) => domain.projections.map((projection) => projection.name));
  program
    .command('replay')
    .description('rebuild a read model from its events topic into a shadow table, then swap it in atomically')
    .addArgument(new Argument('<projection>', 'the read model to rebuild').choices(projections))
    .option('--dry-run', 'rebuild and compare with the live table (rows only in live, only in the rebuild, different); change nothing', false)
    .addOption(new Option('--until <position>', 'with --dry-run: rebuild only the events before this offset (per partition) or ISO 8601 timestamp').argParser(parseUntil))
    .addOption(new Option('--show <n>', 'differences a dry run lists').argParser(parsePositiveInteger).default(DEFAULT_SHOWN_DIFFERENCES))
    .addHelpText(
      'after',
      `
The live projector keeps running: the rebuild reads <domain>.events from offset 0 into
<table>__rebuild with the projector's own projection and row-mapping code, publishing nothing.
The swap is one transaction: it pauses the projector between two batches (read-model lock), applies
what the projector applied meanwhile, renames the shadow over the live table and hands the
projector its checkpoint, so it continues exactly after the last rebuilt event. For a read model
with a view (store_stats) each changed row is then published once, with a version above the one
subscribers have seen. Ctrl-C before the swap drops the shadow and leaves the live table as it was
(exit 130). --until is refused without --dry-run: the running projector has already applied the
later events and would not apply them again.

Needs DATABASE_URL (or --database-url) and KAFKA_BROKERS (or --brokers).

Examples:
  $ eventline replay orders --dry-run
  $ eventline replay store_stats
  $ eventline replay messages --dry-run --until 2025-01-31T00:00:00Z --show 50`,
    )
    .action(async (projection: string, options: { dryRun: boolean; until?: Position; show: number }, command: Command) => {
      const request = { projection, dryRun: options.dryRun, until: options.until, show: options.show };
      checkReplayRequest(request);
      const settings = cliSettings(command, context);
      const databaseUrl = requireDatabaseUrl(settings);
      const interrupt = onInterrupt();
      try {
        const report = await withKafka(settings, context.output, (session) =>
          withDatabase(databaseUrl, settings.databaseCaFile, (orm) =>
            replay(
              {
                kafka: session.kafka,
                admin: session.admin,
                topics: new TopicNames(settings.topicPrefix),
                groupId: session.throwawayGroupId(`replay-${projection}`),
                orm,
                startProgress: (label, total, unit) => startProgress(context.output, label, total, unit),
                log: (line) => context.output.err(`${line}\n`),
                signal: interrupt.signal,
              },
              request,
            ),
          ),
        );
        if (report.interrupted) {
          context.output.err(`replay ${projection} interrupted: ${shadowTableName(report.table)} dropped, ${report.table} unchanged\n`);
          context.exitCode = EXIT_INTERRUPTED;
          return;
        }
        context.output.out(globalOptions(command).json ? jsonDocument(report) : replayText(report));
      } finally {
        interrupt.dispose();
      }
    });
}
