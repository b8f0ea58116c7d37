// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.

/** Outcome of one command, on `<domain>.outcomes` (key = aggregate id). */
export interface CommandOutcome {
  /** Id of the decided command. */
  commandId: string;
  /** Domain of the command, e.g. `orders`. */
  domain: string;
  /** Record name of the command, e.g. `PlaceOrder`. */
  commandName: string;
  /** Aggregate the command targeted. */
  aggregateId: string;
  /** User who issued the command. */
  userId: string;
  /** Outcome of the command. */
  status: CommandStatus;
  /** Why the command was rejected; null when accepted. */
  reason: string | null;
  /** Aggregate version after the command. */
  version: number;
  /** Names of the events the command produced, in order (empty when rejected). */
  events: string[];
  /** Partition of the events topic the events were written to; null when none. */
  eventsPartition: number | null;
  /** Offset of the first event written; null when none. */
  firstEventOffset: number | null;
  /** Offset of the last event written; null when none. */
  lastEventOffset: number | null;
  /** When the command handler decided the command. */
  decidedAt: Date;
}

/** Whether the command was accepted (events written) or rejected. */
export type CommandStatus = 'ACCEPTED' | 'REJECTED';

/** Where the command handler resumes a commands partition: written in every transaction, on `<domain>.snapshots` (same partition number, empty key, which no aggregate id can have). */
export interface HandlerPosition {
  /** The commands topic this position is in, e.g. `orders.commands`. */
  commandsTopic: string;
  /** The commands partition (the same number as the snapshots partition holding this record). */
  partition: number;
  /** Offset of the first command not yet decided: every command before it is decided, in this transaction or an earlier one. */
  nextOffset: number;
}
