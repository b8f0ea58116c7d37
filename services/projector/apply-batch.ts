/**
 * One batch of one `<domain>.events` partition, applied to every read model of the domain in
 * ONE database transaction: take the read-model lock (shared, so a replay can swap a table in
 * between batches: read-models/sql/read-model-lock.ts), lock the checkpoints, read the touched
 * rows (one SELECT per table), apply the events in memory, write the changed rows (bulk
 * upserts; COPY for insert-only tables) and the new checkpoints. Events at or below a
 * checkpoint were applied by an earlier transaction and are skipped, so a redelivered batch
 * changes nothing. Dead letters are produced before COMMIT: a failed commit may repeat one,
 * but a committed checkpoint never passes a lost one.
 *
 * With `isolateModels` (one event the database refused: poison-isolation.ts), each read model
 * writes inside a savepoint of its own, and a model whose statements the database refuses with
 * a data error dead-letters the event for that model and moves its checkpoint past it, while
 * the other models apply it.
 */
import type { Versioned } from '../../domains';
import { DataRefusedError, InternalError } from '../../platform/errors';
import { isDataError } from './database-errors';
import {
  copyRowsStatement,
  decodeCheckpoint,
  insertedKeys,
  lockCheckpoints,
  rowsByKey,
  selectByKeys,
  shareReadModels,
  upsertStatement,
  writeCheckpoint,
  type AnyReadModel,
  type SqlSession,
} from '../../read-models';
import type { SourceEvent, Undecodable } from './decode-batch';
import { applyRouted, routeEvents, type ProjectionFailure, type Routed } from './plan-rows';

export interface BatchInput {
  readonly topic: string;
  readonly partition: number;
  /** The read models of the topic's domain. */
  readonly models: readonly AnyReadModel[];
  readonly events: readonly SourceEvent[];
  readonly undecodable: readonly Undecodable[];
  /** Where the checkpoints move: the batch's last offset, transaction markers included. */
  readonly lastOffset: number;
  /** One savepoint per read model; a data error dead-letters the batch's events for that model instead of failing it. */
  readonly isolateModels?: boolean;
}

/** A record to copy to `<domain>.deadletters`; `projection` is unset when it could not be decoded. */
export interface DeadLetterEntry {
  readonly offset: number;
  readonly message: SourceEvent['message'];
  readonly error: unknown;
  readonly projection: string | undefined;
}

/** View keys whose committed change is owed to `views.<view>` (stored in the checkpoint until published). */
export interface PendingView {
  readonly model: AnyReadModel;
  readonly topic: string;
  readonly partition: number;
  readonly keys: readonly string[];
}

export interface BatchOutcome {
  /** Events after the lowest checkpoint (the rest were applied before). */
  readonly events: number;
  readonly changedRows: number;
  readonly deadLetters: readonly DeadLetterEntry[];
  readonly pendingViews: readonly PendingView[];
}

export type DeadLetterSink = (letters: readonly DeadLetterEntry[]) => Promise<void>;

export async function applyBatch(session: SqlSession, input: BatchInput, sendDeadLetters: DeadLetterSink): Promise<BatchOutcome> {
  const { topic, partition, models } = input;
  // First, holding nothing else: a replay swapping one of these tables waits for us, or we for it.
  await session.query(shareReadModels(models.map((model) => model.name)));
  const locked = await session.query(lockCheckpoints(models.map((model) => model.name), topic, partition));
  const checkpoints = new Map(locked.rows.map((record) => [record.projection as string, decodeCheckpoint(record)]));
  const lowest = Math.min(...[...checkpoints.values()].map((checkpoint) => checkpoint.lastOffset));

  const deadLetters: DeadLetterEntry[] = input.undecodable
    .filter((record) => record.offset > lowest)
    .map(({ offset, message, error }) => ({ offset, message, error, projection: undefined }));
  const pendingViews: PendingView[] = [];
  let changedRows = 0;
  for (const model of models) {
    const checkpoint = checkpoints.get(model.name);
    if (checkpoint === undefined) throw new InternalError(`no checkpoint row returned for ${model.name}`, { context: { topic, partition } });
    const { changed, failures } = input.isolateModels
      ? await projectIsolated(session, model, input.events, checkpoint.lastOffset)
      : await projectRows(session, model, input.events, checkpoint.lastOffset);
    changedRows += changed.size;
    deadLetters.push(...failures.map(({ source, error }) => ({ offset: source.offset, message: source.message, error, projection: model.name })));

    const lastOffset = Math.max(checkpoint.lastOffset, input.lastOffset);
    const pendingViewKeys = model.view === undefined ? [] : [...new Set([...checkpoint.pendingViewKeys, ...changed.keys()])];
    if (lastOffset !== checkpoint.lastOffset || pendingViewKeys.length !== checkpoint.pendingViewKeys.length) {
      await session.query(writeCheckpoint(topic, { projection: model.name, partition, lastOffset, pendingViewKeys }));
    }
    if (pendingViewKeys.length > 0) pendingViews.push({ model, topic, partition, keys: pendingViewKeys });
  }
  if (deadLetters.length > 0) await sendDeadLetters(deadLetters.sort((a, b) => a.offset - b.offset));
  return { events: input.events.filter((source) => source.offset > lowest).length, changedRows, deadLetters, pendingViews };
}

const SAVEPOINT = { text: 'SAVEPOINT read_model', values: [] };
const RELEASE = { text: 'RELEASE SAVEPOINT read_model', values: [] };
const ROLLBACK_TO = { text: 'ROLLBACK TO SAVEPOINT read_model', values: [] };

/** projectRows in a savepoint: when the database refuses the rows with a data error, every event after the checkpoint fails for this model alone. */
async function projectIsolated(session: SqlSession, model: AnyReadModel, events: readonly SourceEvent[], checkpoint: number): ReturnType<typeof projectRows> {
  await session.query(SAVEPOINT);
  try {
    const projected = await projectRows(session, model, events, checkpoint);
    await session.query(RELEASE);
    return projected;
  } catch (error) {
    if (!isDataError(error)) throw error;
    await session.query(ROLLBACK_TO);
    const refused = new DataRefusedError(`${model.table}: ${(error as Error).message} (SQLSTATE ${(error as { code: string }).code})`, { cause: error });
    return { changed: new Map(), failures: events.filter((source) => source.offset > checkpoint).map((source) => ({ source, key: undefined, error: refused })) };
  }
}

const COPY_SAVEPOINT = { text: 'SAVEPOINT append_rows', values: [] };
const COPY_RELEASE = { text: 'RELEASE SAVEPOINT append_rows', values: [] };
const COPY_ROLLBACK_TO = { text: 'ROLLBACK TO SAVEPOINT append_rows', values: [] };
const UNIQUE_VIOLATION = '23505';

/**
 * The rows of an insert-only model, with COPY (the cheapest way PostgreSQL takes rows). A key
 * that exists already holds the very row, but COPY cannot skip it: the savepoint undoes the
 * refused COPY, and the rows go again by the INSERT that skips conflicts. Any other error is
 * the batch's (a data error isolates the poisonous event as for any statement).
 */
async function appendRows(session: SqlSession, model: AnyReadModel, rows: readonly Versioned<unknown>[]): Promise<void> {
  await session.query(COPY_SAVEPOINT);
  try {
    await session.copyFrom(copyRowsStatement(model, rows));
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await session.query(COPY_ROLLBACK_TO);
    await session.query(upsertStatement(model, rows, 'insert-new'));
  }
  await session.query(COPY_RELEASE);
}

/**
 * A new store_stats row can race: two partitions' transactions both find it absent. The loser's
 * insert conflicts (after waiting for the winner's commit), so it re-reads those keys, now
 * locked, and applies their events again on top of the winner's row. Each round settles at
 * least one key for good, and a key is only contested by the few partitions that feed it.
 */
const MAX_INSERT_ROUNDS = 8;

async function projectRows(
  session: SqlSession,
  model: AnyReadModel,
  events: readonly SourceEvent[],
  checkpoint: number,
): Promise<{ changed: Map<string, Versioned<unknown>>; failures: ProjectionFailure[] }> {
  const { routed, failures } = routeEvents(model.projection, events, checkpoint);
  if (model.insertOnly) {
    // Every key is new, or already holds the very row (same event): nothing to read, nothing to re-read.
    const plan = applyRouted(model.projection, routed, new Map());
    if (plan.changed.size > 0) await appendRows(session, model, [...plan.changed.values()]);
    return { changed: plan.changed, failures: [...failures, ...plan.failures] };
  }
  const changed = new Map<string, Versioned<unknown>>();
  let todo: readonly Routed[] = routed;
  for (let round = 1; todo.length > 0; round += 1) {
    if (round > MAX_INSERT_ROUNDS) throw new InternalError(`${model.table}: rows kept being inserted concurrently`, { context: { keys: todo.length } });
    const keys = [...new Set(todo.map(({ key }) => key))];
    const current = rowsByKey(model, (await session.query(selectByKeys(model, keys, 'update'))).rows);
    const plan = applyRouted(model.projection, todo, current);
    const existing: Versioned<unknown>[] = [];
    const created: [string, Versioned<unknown>][] = [];
    for (const entry of plan.changed) {
      if (current.has(entry[0])) existing.push(entry[1]);
      else created.push(entry);
    }
    if (existing.length > 0) await session.query(upsertStatement(model, existing, 'overwrite'));
    // Key order, as in selectByKeys: concurrent inserters of the same new keys queue instead of deadlocking.
    created.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const inserted = new Set<string>();
    if (created.length > 0) {
      for (const key of insertedKeys(model, (await session.query(upsertStatement(model, created.map(([, row]) => row), 'insert-new'))).rows)) inserted.add(key);
    }
    const lost = new Set(created.filter(([key]) => !inserted.has(key)).map(([key]) => key));
    for (const [key, row] of plan.changed) if (!lost.has(key)) changed.set(key, row);
    failures.push(...plan.failures.filter(({ key }) => key === undefined || !lost.has(key)));
    todo = todo.filter(({ key }) => lost.has(key));
  }
  return { changed, failures };
}
