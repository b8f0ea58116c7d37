/**
 * No value can halt a projection (invariant 8). When the database refuses a batch with a data
 * error (database-errors.ts), the batch is applied again in halves, each in its own
 * transaction, recursing into the half that fails, until the failing event is alone; that
 * event is then applied with one savepoint per read model, so the models that can store it
 * do, and the ones that cannot dead-letter it with the database's error (apply-batch.ts).
 * Events before and after it are applied as usual, and each part's checkpoint commits with
 * its rows, so a crash half-way resumes where the last part ended.
 *
 * A batch with k poisonous events out of n costs about 2·k·log2(n) extra transactions, once.
 */
import type { BatchInput, BatchOutcome } from './apply-batch';
import { isDataError } from './database-errors';

export type ApplyPart = (input: BatchInput) => Promise<BatchOutcome>;

/** `apply`s the batch; on a data error, its halves, down to the one event that fails. */
export async function applyIsolatingPoison(input: BatchInput, apply: ApplyPart, onDataError: (error: unknown) => void): Promise<BatchOutcome> {
  try {
    return await apply(input);
  } catch (error) {
    if (!isDataError(error) || input.isolateModels) throw error;
    onDataError(error);
    if (input.events.length <= 1) return apply({ ...input, isolateModels: true });
    const [first, second] = halves(input);
    const before = await applyIsolatingPoison(first, apply, onDataError);
    const after = await applyIsolatingPoison(second, apply, onDataError);
    return merged(before, after);
  }
}

/** Split before the middle event: the first half ends (checkpoint included) just before it. */
function halves(input: BatchInput): [BatchInput, BatchInput] {
  const middle = input.events[Math.floor(input.events.length / 2)]!.offset;
  const boundary = middle - 1;
  return [
    { ...input, events: input.events.filter((e) => e.offset <= boundary), undecodable: input.undecodable.filter((u) => u.offset <= boundary), lastOffset: boundary },
    { ...input, events: input.events.filter((e) => e.offset > boundary), undecodable: input.undecodable.filter((u) => u.offset > boundary) },
  ];
}

/** Both parts' outcomes as one; the later part's pending views are the checkpoint's current ones. */
function merged(before: BatchOutcome, after: BatchOutcome): BatchOutcome {
  const laterModels = new Set(after.pendingViews.map((view) => view.model));
  return {
    events: before.events + after.events,
    changedRows: before.changedRows + after.changedRows,
    deadLetters: [...before.deadLetters, ...after.deadLetters],
    pendingViews: [...before.pendingViews.filter((view) => !laterModels.has(view.model)), ...after.pendingViews],
  };
}
