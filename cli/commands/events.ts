/**
 * `eventline events tail|dump <topic>`: records as JSON Lines, Avro decoded with schemas/.
 *
 *   dump   from --from (default: earliest) to the end the topic has now, or --to; --follow keeps going
 *   tail   from --from (default: latest) and keeps following until Ctrl-C (or --to, --limit)
 */
import { Option, type Command } from 'commander';
import { createCodec } from '../../schemas';
import { collectPartitions, parsePosition, parsePositiveInteger, type Position } from '../arguments';
import type { CliContext } from '../context';
import { jsonLine } from '../format/json';
import { recordView, type RawEncoding, type RecordFormat } from '../format/record';
import { onInterrupt } from '../interrupt';
import { withKafka } from '../kafka-session';
import type { RangeSelection } from '../ranges';
import { readRecords } from '../read-topic';
import { cliSettings } from '../settings';

interface EventsOptions {
  key?: string;
  from?: Position;
  to?: Position;
  partition?: number[];
  limit?: number;
  follow?: boolean;
  raw?: RawEncoding;
}

const POSITION_HELP = 'earliest, latest, an offset (applied to every chosen partition) or an ISO 8601 timestamp';

export function registerEventsCommands(program: Command, context: CliContext): void {
  const events = program
    .command('events')
    .description('print the records of a topic as JSON Lines, Avro decoded (kcat / kafka-avro-console-consumer, schema-aware)');

  readCommand(events, 'dump', 'print records from --from (default: earliest) up to the end the topic has now, then exit', context).addHelpText(
    'after',
    `
Each line is one record: {topic, partition, offset, timestamp, key, headers, schema: {id, subject,
version}, value}. Timestamps and Avro timestamp-millis fields are ISO 8601 (UTC). A record that
cannot be decoded is printed with an "error" field instead of "value"; the command goes on.
The range is [--from, --to): --to is excluded. A topic may be named with or without TOPIC_PREFIX.

Examples:
  $ eventline events dump orders.events --key order-42
  $ eventline events dump orders.events --from 2025-01-31T12:00:00Z --to 2025-01-31T13:00:00Z
  $ eventline events dump orders.commands --partition 2 --from 100 --limit 10
  $ eventline events dump orders.events --raw | head -1
  $ eventline events dump orders.events | jq 'select(.schema.subject | endswith("OrderPaid")) | .value.data'`,
  );

  readCommand(events, 'tail', 'print new records as they arrive until Ctrl-C (from --from, default: latest)', context).addHelpText(
    'after',
    `
Output as for \`events dump\`. Ends with exit code 0 on Ctrl-C, at --to, or after --limit records.

Examples:
  $ eventline events tail orders.events
  $ eventline events tail views.store_stats --key store-7
  $ eventline events tail chat.events --from 2025-01-31T12:00:00Z`,
  );
}

function readCommand(events: Command, name: 'dump' | 'tail', description: string, context: CliContext): Command {
  const command = events
    .command(`${name} <topic>`)
    .description(description)
    .option('--key <key>', 'only records with this key (the aggregate id or view key)')
    .addOption(new Option('--from <position>', `first record to print: ${POSITION_HELP}`).argParser(parsePosition))
    .addOption(new Option('--to <position>', `stop before this position: ${POSITION_HELP}`).argParser(parsePosition))
    .addOption(new Option('--partition <n>', 'only these partitions (repeat or comma-separate)').argParser(collectPartitions))
    .addOption(new Option('--limit <n>', 'stop after printing n records').argParser(parsePositiveInteger))
    .addOption(new Option('--raw [encoding]', 'print the wire bytes of the value instead of decoding it').choices(['hex', 'base64']).preset('hex'));
  if (name === 'dump') command.option('--follow', 'keep printing new records after reaching the end, until Ctrl-C', false);
  return command.action((topic: string, options: EventsOptions, self: Command) => printEvents(self, context, topic, options, name));
}

async function printEvents(command: Command, context: CliContext, topicName: string, options: EventsOptions, mode: 'dump' | 'tail'): Promise<void> {
  const settings = cliSettings(command, context);
  const format: RecordFormat = { codec: createCodec(), raw: options.raw };
  const follow = mode === 'tail' || options.follow === true;
  await withKafka(settings, context.output, async (session) => {
    const topic = await session.resolveTopic(topicName);
    const selection: RangeSelection = { partitions: options.partition, from: options.from ?? { kind: mode === 'tail' ? 'latest' : 'earliest' }, to: options.to, follow };
    const interrupt = onInterrupt();
    let printed = 0;
    try {
      await readRecords(session, topic, selection, { purpose: `events-${mode}`, signal: interrupt.signal }, (partition, message) => {
        if (options.key !== undefined && message.key?.toString('utf8') !== options.key) return true;
        context.output.out(jsonLine(recordView(topic, partition, message, format)));
        printed += 1;
        return printed !== options.limit;
      });
    } finally {
      interrupt.dispose();
    }
  });
}
