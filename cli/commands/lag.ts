/**
 * `eventline lag [group]`: committed offset, end offset and lag per partition of every consumer
 * group (or one), plus the projector's checkpoints from PostgreSQL when a database is configured.
 */
import type { Command } from 'commander';
import { globalOptions, type CliContext } from '../context';
import { withDatabase } from '../database';
import { jsonDocument } from '../format/json';
import { table } from '../format/table';
import { withKafka } from '../kafka-session';
import { kafkaGroupCommits, PROJECTOR_DB_GROUP, projectorCommits, withEndOffsets, type LagRow } from '../lag';
import { cliSettings, requireDatabaseUrl } from '../settings';

export function registerLagCommand(program: Command, context: CliContext): void {
  program
    .command('lag [group]')
    .description('per-partition committed offset, end offset and lag of consumer groups (kafka-consumer-groups --describe)')
    .addHelpText(
      'after',
      `
Without a group: every group with committed offsets. When DATABASE_URL (or --database-url) is set,
the projector's own checkpoints (projection_checkpoints) are shown too, as the group "${PROJECTOR_DB_GROUP}":
the projector commits its position in the same transaction as its rows, not to Kafka.
COMMITTED is the next offset the group will read; LAG = END - COMMITTED. End offsets are read after
every committed position; a position still past the end (a topic deleted and created again) has no
LAG and a NOTE saying so.

Examples:
  $ eventline lag
  $ eventline lag eventline-command-handler
  $ eventline lag "${PROJECTOR_DB_GROUP}"
  $ eventline --json lag | jq '[.[] | .lag] | add'`,
    )
    .action(async (group: string | undefined, _options: unknown, command: Command) => {
      const settings = cliSettings(command, context);
      const onlyProjector = group === PROJECTOR_DB_GROUP;
      const databaseUrl = onlyProjector ? requireDatabaseUrl(settings) : settings.databaseUrl;
      const rows = await withKafka(settings, context.output, async (session) => {
        const kafkaCommits = onlyProjector ? [] : await kafkaGroupCommits(session.admin, group);
        const includeProjector = databaseUrl !== undefined && (group === undefined || onlyProjector);
        const projectorRows = includeProjector ? await withDatabase(databaseUrl, settings.databaseCaFile, projectorCommits) : [];
        return withEndOffsets(session.admin, [...kafkaCommits, ...projectorRows]);
      });
      if (globalOptions(command).json) context.output.out(jsonDocument(rows));
      else context.output.out(rows.length === 0 ? 'no committed offsets\n' : lagTable(rows));
    });
}

function lagTable(rows: readonly LagRow[]): string {
  const withProjection = rows.some((row) => row.projection !== undefined);
  const withNote = rows.some((row) => row.note !== undefined);
  const headers = ['GROUP', 'STATE', 'MEMBERS', ...(withProjection ? ['PROJECTION'] : []), 'TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', ...(withNote ? ['NOTE'] : [])];
  return table(
    headers,
    rows.map((row) => [
      row.group,
      row.state,
      row.members,
      ...(withProjection ? [row.projection] : []),
      row.topic,
      row.partition,
      row.committed,
      row.end,
      row.lag,
      ...(withNote ? [row.note] : []),
    ]),
  );
}
