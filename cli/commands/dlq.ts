/**
 * `eventline dlq list|replay <topic>`: dead-lettered records (platform/kafka/dead-letter.ts).
 *
 * <topic> is a dead-letter topic or its domain (`orders` → orders.deadletters).
 *
 *   list     every dead letter with its error, code and source topic/partition/offset
 *   replay   re-publishes chosen dead letters to their source partition: original key, bytes
 *            and headers (the dead-letter headers removed); --dry-run shows what it would send
 */
import { Option, type Command } from 'commander';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import { createIdempotentProducer } from '../../platform/kafka';
import { collectCoordinates, parsePositiveInteger, type Coordinate } from '../arguments';
import { globalOptions, type CliContext } from '../context';
import { deadLetterJson, deadLetterOf, replayOf, selectDeadLetters, type DeadLetter, type Replay } from '../dead-letters';
import { jsonDocument, jsonLine } from '../format/json';
import { table } from '../format/table';
import { withKafka, type KafkaSession } from '../kafka-session';
import { readRecords, WHOLE_TOPIC } from '../read-topic';
import { cliSettings } from '../settings';

export function registerDlqCommands(program: Command, context: CliContext): void {
  const dlq = program.command('dlq').description('list and replay dead-lettered records (<domain>.deadletters)');

  dlq
    .command('list <topic-or-domain>')
    .description('list the dead letters of a dead-letter topic with their error and source coordinates')
    .addOption(new Option('--limit <n>', 'list at most n records').argParser(parsePositiveInteger))
    .addHelpText(
      'after',
      `
With --json, one JSON object per line: {partition, offset, timestamp, key, error, code, consumer,
failedAt, source: {topic, partition, offset}}.

A domain stands for its dead-letter topic: \`orders\` is orders.deadletters.

Examples:
  $ eventline dlq list orders
  $ eventline dlq list orders.deadletters --limit 10
  $ eventline --json dlq list orders | jq -r .error`,
    )
    .action(async (topic: string, options: { limit?: number }, command: Command) => {
      const { json } = globalOptions(command);
      await withKafka(cliSettings(command, context), context.output, async (session) => {
        const { name, letters } = await readDeadLetters(session, topic, options.limit);
        if (json) letters.forEach((letter) => context.output.out(jsonLine(deadLetterJson(letter))));
        else context.output.out(letters.length === 0 ? `${name}: no dead letters\n` : listTable(letters));
      });
    });

  dlq
    .command('replay <topic-or-domain>')
    .description('re-publish dead letters to their source topic and partition (original key, bytes and headers)')
    .addOption(new Option('--offset <partition:offset>', 'a dead letter to replay (repeat or comma-separate)').argParser(collectCoordinates))
    .option('--all', 'replay every dead letter in the topic', false)
    .option('--dry-run', 'show what would be published and publish nothing', false)
    .addHelpText(
      'after',
      `
Replay after fixing what made the records fail (a schema deployed, a consumer bug fixed): the
source consumer sees them as new records. Dead letters stay in the dead-letter topic, so replaying
the same one twice publishes it twice. All selected records are checked before anything is sent.
A bare --offset <n> is accepted when the dead-letter topic has one partition.

Examples:
  $ eventline dlq replay orders.deadletters --offset 1:0 --dry-run
  $ eventline dlq replay orders.deadletters --offset 1:0,3:7
  $ eventline dlq replay orders.deadletters --all`,
    )
    .action(async (topic: string, options: { offset?: Coordinate[]; all: boolean; dryRun: boolean }, command: Command) => {
      if (options.all === (options.offset !== undefined)) throw new BadRequestError('dlq replay: give either --offset <partition:offset>… or --all');
      const { json } = globalOptions(command);
      await withKafka(cliSettings(command, context), context.output, async (session) => {
        const { name, letters, partitionCount } = await readDeadLetters(session, topic);
        const chosen = options.offset === undefined ? letters : selectDeadLetters(name, letters, options.offset, partitionCount);
        const replays = chosen.map((letter) => replayOf(name, letter));
        const published = options.dryRun ? undefined : await publish(session, replays);
        const rows = replays.map((replay, index) => ({
          deadLetter: `${replay.letter.partition}:${replay.letter.offset}`,
          topic: replay.topic,
          partition: replay.message.partition,
          key: replay.letter.key,
          offset: published?.[index] ?? null,
        }));
        if (json) context.output.out(jsonDocument({ dryRun: options.dryRun, replayed: rows }));
        else {
          const verb = options.dryRun ? 'would replay' : 'replayed';
          context.output.out(`${verb} ${rows.length} dead letter(s) from ${name}\n`);
          if (rows.length > 0) context.output.out(table(['DEAD LETTER', 'TO TOPIC', 'PARTITION', 'KEY', 'NEW OFFSET'], rows.map((row) => [row.deadLetter, row.topic, row.partition, row.key, row.offset])));
        }
      });
    });
}

async function readDeadLetters(session: KafkaSession, topicName: string, limit?: number): Promise<{ name: string; letters: DeadLetter[]; partitionCount: number }> {
  const name = await session.resolveDeadLetterTopic(topicName);
  const letters: DeadLetter[] = [];
  const extents = await readRecords(session, name, WHOLE_TOPIC, { purpose: 'dlq' }, (partition, message) => {
    letters.push(deadLetterOf(partition, message));
    return letters.length !== limit;
  });
  // Partitions are read concurrently; list in partition, offset order.
  letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  return { name, letters, partitionCount: extents.length };
}

/** Sends the replays (idempotent, acks=all) and resolves to the offset each landed at. */
async function publish(session: KafkaSession, replays: readonly Replay[]): Promise<string[]> {
  if (replays.length === 0) return [];
  const existing = new Set(await session.admin.listTopics());
  const missing = [...new Set(replays.map((replay) => replay.topic))].filter((topic) => !existing.has(topic));
  if (missing.length > 0) throw new NotFoundError(`source topic ${missing.join(', ')} does not exist (any more)`, { context: { topics: missing } });
  const producer = createIdempotentProducer(session.kafka);
  await producer.connect();
  try {
    const byTopic = new Map<string, Replay[]>();
    for (const replay of replays) byTopic.set(replay.topic, [...(byTopic.get(replay.topic) ?? []), replay]);
    const metadata = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, group]) => ({ topic, messages: group.map((replay) => replay.message) })),
    });
    // Each partition's messages were appended in request order from its base offset.
    const next = new Map(metadata.map((entry) => [`${entry.topicName}:${entry.partition}`, BigInt(entry.baseOffset ?? '0')]));
    return replays.map((replay) => {
      const key = `${replay.topic}:${replay.message.partition}`;
      const offset = next.get(key) ?? 0n;
      next.set(key, offset + 1n);
      return offset.toString();
    });
  } finally {
    await producer.disconnect();
  }
}

function listTable(letters: readonly DeadLetter[]): string {
  return table(
    ['DEAD LETTER', 'FAILED AT', 'SOURCE', 'KEY', 'CODE', 'ERROR'],
    letters.map((letter) => [
      `${letter.partition}:${letter.offset}`,
      letter.failedAt ?? letter.timestamp,
      letter.source === null ? null : `${letter.source.topic}[${letter.source.partition}]@${letter.source.offset}`,
      letter.key,
      letter.code,
      letter.error,
    ]),
  );
}
