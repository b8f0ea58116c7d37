/**
 * The read-model lock: a transaction-level PostgreSQL advisory lock per read model, which lets
 * `eventline replay` swap a rebuilt table in while the projector keeps running.
 *
 * Every projector batch takes it SHARED for its read models as its FIRST statement (shared
 * holders never wait for each other, so projecting is not slowed); the replay's swap
 * transaction takes it EXCLUSIVE as its first statement. Neither side holds any other lock when
 * it asks, so they cannot deadlock: the swap waits for the batches in flight to commit, later
 * batches wait (holding nothing) until the swap has committed, and then find the handed-over
 * checkpoint and the new table. docs/cli.md ("replay") has the whole protocol.
 */
import type { Statement } from './statement';

/** Advisory lock class of read models; next to the migration lock (727_001, platform/db/orm.ts). */
const READ_MODEL_LOCK_CLASS = 727_002;

/** Taken by every projector transaction that writes read-model rows or their checkpoints. */
export function shareReadModels(names: readonly string[]): Statement {
  return { text: `SELECT pg_advisory_xact_lock_shared(${READ_MODEL_LOCK_CLASS}, hashtext(name)) FROM unnest($1::text[]) AS name`, values: [[...names]] };
}

/** Taken by a replay before it reads the checkpoints it hands over and swaps the table. */
export function lockReadModel(name: string): Statement {
  return { text: `SELECT pg_advisory_xact_lock(${READ_MODEL_LOCK_CLASS}, hashtext($1))`, values: [name] };
}
