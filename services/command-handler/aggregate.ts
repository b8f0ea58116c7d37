/**
 * An aggregate as the command handler holds it: the decider state, its version and a
 * bounded window of the commands it decided most recently (with their outcomes), which is
 * how a redelivered or resent command id gets its first outcome again instead of new events.
 * This is exactly what `<domain>.snapshots` stores per aggregate id.
 */
import type { RecentCommand } from '../../schemas/envelopes';

export type { RecentCommand };

export interface AggregateRecord<State = unknown> {
  readonly aggregateId: string;
  readonly version: number;
  readonly state: State;
  /** Oldest first, at most RECENT_COMMANDS_LIMIT entries. */
  readonly recentCommands: readonly RecentCommand[];
}

/**
 * How many decided command ids each aggregate remembers. A command is redelivered only
 * within a few batches of its first decision (crash, rebalance, client retry), so a small
 * window suffices; it bounds the snapshot size of a busy aggregate.
 */
export const RECENT_COMMANDS_LIMIT = 64;

export function findRecent(record: AggregateRecord, commandId: string): RecentCommand | undefined {
  return record.recentCommands.find((recent) => recent.commandId === commandId);
}

export function remember(recentCommands: readonly RecentCommand[], decided: RecentCommand): RecentCommand[] {
  const kept = recentCommands.length >= RECENT_COMMANDS_LIMIT ? recentCommands.slice(recentCommands.length - RECENT_COMMANDS_LIMIT + 1) : recentCommands;
  return [...kept, decided];
}

/** The snapshot record of an aggregate (`OrderSnapshot`, `ChatRoomSnapshot`: same envelope). */
export interface SnapshotRecord<State = unknown> {
  aggregateId: string;
  version: number;
  state: State;
  /** Read-only: the snapshot of a decided aggregate shares its window (Avro encoding only reads it). */
  recentCommands: readonly RecentCommand[];
  updatedAt: Date;
}

export function toSnapshot<State>(record: AggregateRecord<State>, updatedAt: Date): SnapshotRecord<State> {
  return { aggregateId: record.aggregateId, version: record.version, state: record.state, recentCommands: record.recentCommands, updatedAt };
}

export function fromSnapshot<State>(snapshot: SnapshotRecord<State>): AggregateRecord<State> {
  return { aggregateId: snapshot.aggregateId, version: snapshot.version, state: snapshot.state, recentCommands: snapshot.recentCommands };
}
