/**
 * Decides a batch of commands of one partition, in order, without any I/O: the pure core of
 * the command handler. Each command is decided against the state left by every command
 * before it (in this batch or committed earlier). The result says what to write in the
 * batch's Kafka transaction: events, the changed aggregates (snapshots) and one outcome per
 * command. Event offsets are unknown until the events are produced; `assignEventOffsets`
 * fills them in afterwards.
 */
import { commandFromRecord, recordEvents, type CommandRecord, type DomainModule, type RecordedEvent } from '../../domains';
import { findRecent, remember, type AggregateRecord, type RecentCommand } from './aggregate';

export interface IncomingCommand {
  /** The command record name, e.g. `PlaceOrder`. */
  name: string;
  record: CommandRecord<unknown>;
}

export interface PlannedCommand {
  command: IncomingCommand;
  /** New events (empty when rejected or a duplicate). */
  events: RecordedEvent[];
  /** The outcome to publish; for a duplicate, the remembered one. Mutated once offsets are known. */
  decided: RecentCommand;
  duplicate: boolean;
}

export interface BatchPlan {
  commands: PlannedCommand[];
  /** Aggregates this batch changed, with their final state: the snapshots to write. */
  changed: Map<string, AggregateRecord>;
}

/** A decider that throws has a bug; the command is rejected instead of stalling the partition. */
const DECIDER_FAILURE = 'the command could not be decided (internal error); it was not applied';

export function planBatch(
  domain: DomainModule,
  commands: readonly IncomingCommand[],
  current: (aggregateId: string) => AggregateRecord | undefined,
  occurredAt: Date,
  onDeciderError: (error: unknown, command: IncomingCommand) => void,
): BatchPlan {
  const changed = new Map<string, AggregateRecord>();
  const planned: PlannedCommand[] = [];
  for (const command of commands) {
    const { aggregateId, commandId } = command.record;
    const before = changed.get(aggregateId) ?? current(aggregateId) ?? { aggregateId, version: 0, state: domain.decider.initialState(), recentCommands: [] };
    const seen = findRecent(before, commandId);
    if (seen) {
      planned.push({ command, events: [], decided: seen, duplicate: true });
      continue;
    }
    let decision;
    try {
      decision = domain.decider.decide(commandFromRecord(command.name, command.record), before.state);
    } catch (error) {
      onDeciderError(error, command);
      decision = { status: 'rejected' as const, reason: DECIDER_FAILURE };
    }
    const events = decision.status === 'accepted' ? recordEvents(decision.events, { metadata: command.record, previousVersion: before.version, occurredAt }) : [];
    const decided: RecentCommand = {
      commandId,
      commandName: command.name,
      status: decision.status === 'accepted' ? 'ACCEPTED' : 'REJECTED',
      reason: decision.status === 'rejected' ? decision.reason : null,
      version: before.version + events.length,
      events: events.map((event) => event.type),
      eventsPartition: null,
      firstEventOffset: null,
      lastEventOffset: null,
    };
    const state = decision.status === 'accepted' ? decision.events.reduce((state, event) => domain.decider.evolve(state, event), before.state) : before.state;
    changed.set(aggregateId, { aggregateId, version: decided.version, state, recentCommands: remember(before.recentCommands, decided) });
    planned.push({ command, events, decided, duplicate: false });
  }
  return { commands: planned, changed };
}

/**
 * Gives each new command's outcome the offsets of its events, which were produced to one
 * partition in plan order; `offsets[i]` is the offset of the i-th event of the plan.
 */
export function assignEventOffsets(plan: BatchPlan, partition: number, offsets: readonly number[]): void {
  let next = 0;
  for (const { events, decided, duplicate } of plan.commands) {
    if (duplicate || events.length === 0) continue;
    decided.eventsPartition = partition;
    decided.firstEventOffset = offsets[next] ?? null;
    decided.lastEventOffset = offsets[next + events.length - 1] ?? null;
    next += events.length;
  }
}
