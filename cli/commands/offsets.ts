/**
 * `eventline offsets reset <group> --to earliest|latest|<ISO ts>`: moves a stopped consumer
 * group's committed offsets (kafka-consumer-groups --reset-offsets). A group with members is
 * refused: its consumers would overwrite the new offsets with their next commit, and a reset
 * under a running exactly-once consumer would silently skip or repeat work.
 */
import { Option, type Command } from 'commander';
import type { KafkaAdmin } from '../../platform/kafka';
import { BadRequestError, ForbiddenError } from '../../platform/errors';
import { parseResetTarget, type Position } from '../arguments';
import { globalOptions, type CliContext } from '../context';
import { jsonDocument } from '../format/json';
import { table } from '../format/table';
import { withKafka, type KafkaSession } from '../kafka-session';
import { partitionExtents, resolvePosition } from '../../platform/kafka';
import { cliSettings } from '../settings';

interface ResetOptions {
  to: Position;
  topic?: string;
  dryRun: boolean;
}

export interface OffsetMove {
  topic: string;
  partition: number;
  /** Committed offset before the reset; null when none was committed. */
  from: string | null;
  to: string;
}

export function registerOffsetsCommands(program: Command, context: CliContext): void {
  const offsets = program.command('offsets').description("move a stopped consumer group's committed offsets");
  offsets
    .command('reset <group>')
    .description('set the committed offsets of a group with no running members to earliest, latest or a point in time')
    .addOption(new Option('--to <position>', 'earliest, latest or an ISO 8601 timestamp (first record at or after it)').argParser(parseResetTarget).makeOptionMandatory())
    .option('--topic <topic>', 'only this topic (default: every topic the group has offsets for)')
    .option('--dry-run', 'show the new offsets and change nothing', false)
    .addHelpText(
      'after',
      `
Stop the group's consumers first: the reset is refused (exit 1) while the group has members.

Examples:
  $ eventline offsets reset analytics --to earliest --topic orders.events
  $ eventline offsets reset analytics --to 2025-01-31T12:00:00Z --dry-run
  $ eventline offsets reset analytics --to latest`,
    )
    .action(async (group: string, options: ResetOptions, command: Command) => {
      const moves = await withKafka(cliSettings(command, context), context.output, (session) => resetOffsets(session, group, options));
      if (globalOptions(command).json) context.output.out(jsonDocument({ group, dryRun: options.dryRun, offsets: moves }));
      else {
        context.output.out(`${options.dryRun ? 'would reset' : 'reset'} ${group}:\n`);
        context.output.out(table(['TOPIC', 'PARTITION', 'OLD', 'NEW'], moves.map((move) => [move.topic, move.partition, move.from, move.to])));
      }
    });
}

async function resetOffsets(session: KafkaSession, group: string, options: ResetOptions): Promise<OffsetMove[]> {
  const { admin } = session;
  await refuseWhileRunning(admin, group);
  const topics = options.topic !== undefined ? [await session.resolveTopic(options.topic)] : (await admin.fetchOffsets({ groupId: group })).map((entry) => entry.topic);
  if (topics.length === 0) throw new BadRequestError(`group "${group}" has no committed offsets: name the topic with --topic`);
  const moves: OffsetMove[] = [];
  for (const topic of topics.sort()) {
    const extents = await partitionExtents(admin, topic);
    const target = await resolvePosition(admin, topic, extents, options.to);
    const [current] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committed = new Map((current?.partitions ?? []).map((entry) => [entry.partition, entry.offset]));
    const partitions = extents.map((extent) => ({ partition: extent.partition, offset: String(target.get(extent.partition) ?? extent.low) }));
    for (const { partition, offset } of partitions) {
      const before = committed.get(partition);
      moves.push({ topic, partition, from: before === undefined || BigInt(before) < 0n ? null : before, to: offset });
    }
    // setOffsets itself re-checks that the group is empty, closing the gap since our check.
    if (!options.dryRun) await admin.setOffsets({ groupId: group, topic, partitions });
  }
  return moves;
}

async function refuseWhileRunning(admin: KafkaAdmin, group: string): Promise<void> {
  const [description] = (await admin.describeGroups([group])).groups;
  const members = description?.members ?? [];
  if (members.length === 0) return;
  const clients = [...new Set(members.map((member) => `${member.clientId}@${member.clientHost.replace(/^\//, "")}`))].join(', ');
  throw new ForbiddenError(`group "${group}" has ${members.length} running member(s) (${clients}); stop its consumers before resetting its offsets`, {
    context: { group, members: members.length },
  });
}
