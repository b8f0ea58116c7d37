/**
 * `eventline export <topic|view> --format parquet|avro|ndjson --out PATH [--from] [--to]`: the
 * decoded records of a topic as a file DuckDB, pandas, Spark or a lake reads (cli/export/writers.ts).
 */
import { Option, type Command } from 'commander';
import { createCodec } from '../../schemas';
import { collectPartitions, parsePosition, type Position } from '../arguments';
import type { CliContext } from '../context';
import { createExportWriter, EXPORT_FORMATS, type ExportFormat, type ExportWriter } from '../export/writers';
import { subjectsOfTopic, topicOfViewName } from '../export/topic-subjects';
import { EXIT_INTERRUPTED, onInterrupt } from '../interrupt';
import { withKafka } from '../kafka-session';
import { startProgress } from '../progress';
import { planRead, type RangeSelection } from '../ranges';
import { readRecords } from '../read-topic';
import { cliSettings } from '../settings';

interface ExportOptions {
  format: ExportFormat;
  out: string;
  from?: Position;
  to?: Position;
  partition?: number[];
}

const POSITION_HELP = 'earliest, latest, an offset (applied to every chosen partition) or an ISO 8601 timestamp';

export function registerExportCommands(program: Command, context: CliContext): void {
  program
    .command('export <topic>')
    .description('write the decoded records of a topic (or a view, by name) to a Parquet, Avro or NDJSON file')
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <path>', 'file to write (replaced when the export completes)')
    .addOption(new Option('--from <position>', `first record to export (default: earliest): ${POSITION_HELP}`).argParser(parsePosition))
    .addOption(new Option('--to <position>', `stop before this position (default: the end the topic has now): ${POSITION_HELP}`).argParser(parsePosition))
    .addOption(new Option('--partition <n>', 'only these partitions (repeat or comma-separate)').argParser(collectPartitions))
    .addHelpText(
      'after',
      `
One row per committed record (read_committed), in partition then offset order: kafka_topic,
kafka_partition, kafka_offset, kafka_timestamp, kafka_key, schema_id, schema_subject,
schema_version, then the record's own fields, in the latest version of its subject: for events
the envelope (aggregateId, version, commandId, userId, occurredAt) as columns and data as a
struct (Parquet, DuckDB-typed), a union branch (Avro) or an object (NDJSON). A record that
cannot be decoded is left out and counted on stderr. Progress goes to stderr.
A view may be named alone (store_stats = views.store_stats); TOPIC_PREFIX is optional.

Examples:
  $ eventline export orders.events --format parquet --out orders.parquet
  $ eventline export store_stats --format ndjson --out stores.ndjson
  $ eventline export orders.events --format avro --out march.avro --from 2025-03-01T00:00:00Z --to 2025-04-01T00:00:00Z
  $ duckdb -c "SELECT data.currency, sum(data.amountCents) FROM 'orders.parquet' WHERE schema_subject LIKE '%OrderPaid' GROUP BY 1"`,
    )
    .action((topic: string, options: ExportOptions, self: Command) => exportTopic(self, context, topic, options));
}

async function exportTopic(command: Command, context: CliContext, name: string, options: ExportOptions): Promise<void> {
  const settings = cliSettings(command, context);
  const codec = createCodec();
  await withKafka(settings, context.output, async (session) => {
    const topic = await session.resolveTopic(topicOfViewName(name));
    const subjects = subjectsOfTopic(topic.slice(settings.topicPrefix.length));
    const selection: RangeSelection = { partitions: options.partition, from: options.from ?? { kind: 'earliest' }, to: options.to, follow: false };
    const { ranges } = await planRead(session.admin, topic, selection);
    const total = ranges.reduce((sum, range) => sum + Number((range.to ?? range.from) - range.from), 0);
    const writer: ExportWriter = createExportWriter(options.format, options.out, codec.catalog, subjects);
    const progress = startProgress(context.output, `export ${topic}`, total, 'records');
    const interrupt = onInterrupt();
    let written = 0;
    let skipped = 0;
    let pending: Promise<void> = Promise.resolve();
    try {
      await readRecords(session, topic, selection, { purpose: 'export', signal: interrupt.signal }, (partition, message) => {
        progress.advance(1);
        let record;
        try {
          record = message.value === null ? undefined : codec.decode(message.value);
        } catch {
          record = undefined;
        }
        if (record === undefined || !subjects.includes(record.subject)) {
          skipped += 1;
          return true;
        }
        written += 1;
        const exported = {
          topic,
          partition,
          offset: Number(message.offset),
          timestamp: new Date(Number(message.timestamp)),
          key: message.key?.toString('utf8') ?? null,
          schemaId: record.schemaId,
          subject: record.subject,
          schemaVersion: record.version,
          value: record.value as unknown as Record<string, unknown>,
        };
        pending = pending.then(() => writer.write(exported));
        return true;
      });
      await pending;
      if (interrupt.signal.aborted) {
        writer.discard();
        context.output.err(`export interrupted after ${written} records: no file written\n`);
        context.exitCode = EXIT_INTERRUPTED;
        return;
      }
      await writer.close();
    } catch (error) {
      writer.discard();
      throw error;
    } finally {
      progress.stop();
      interrupt.dispose();
    }
    context.output.err(`exported ${written} records of ${topic} to ${options.out} (${options.format})${skipped > 0 ? `; ${skipped} not decodable as its records, left out` : ''}\n`);
  });
}
