/** Poison isolation without a database: a fake apply that refuses any part holding a poisonous offset. */
import type { BatchInput, BatchOutcome } from '../../../services/projector/apply-batch';
import type { SourceEvent } from '../../../services/projector/decode-batch';
import { isDataError } from '../../../services/projector/database-errors';
import { applyIsolatingPoison } from '../../../services/projector/poison-isolation';
import { PartitionProgress } from '../../../services/projector/progress';

const dataError = (): Error => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });

function batch(offsets: number[], lastOffset = offsets[offsets.length - 1]!): BatchInput {
  const events = offsets.map((offset) => ({ offset, message: { offset: String(offset) }, event: { type: 'X' } }) as unknown as SourceEvent);
  return { topic: 't', partition: 0, models: [], events, undecodable: [], lastOffset };
}

/** Applies parts like the database would: a part holding a poisonous offset fails whole, unless models are isolated. */
function fakeDatabase(poison: ReadonlySet<number>) {
  const committed: { offsets: number[]; lastOffset: number; isolated: boolean }[] = [];
  const apply = async (input: BatchInput): Promise<BatchOutcome> => {
    const offsets = input.events.map((event) => event.offset);
    const poisoned = offsets.filter((offset) => poison.has(offset));
    if (poisoned.length > 0 && !input.isolateModels) throw dataError();
    committed.push({ offsets, lastOffset: input.lastOffset, isolated: input.isolateModels === true });
    const deadLetters = input.isolateModels ? input.events.map((source) => ({ offset: source.offset, message: source.message, error: dataError(), projection: 'm' })) : [];
    return { events: offsets.length, changedRows: offsets.length - deadLetters.length, deadLetters, pendingViews: [] };
  };
  return { committed, apply };
}

describe('applyIsolatingPoison', () => {
  it('applies a clean batch in one part', async () => {
    const db = fakeDatabase(new Set());
    const outcome = await applyIsolatingPoison(batch([1, 2, 3, 4], 6), db.apply, () => undefined);
    expect(db.committed).toEqual([{ offsets: [1, 2, 3, 4], lastOffset: 6, isolated: false }]);
    expect(outcome.deadLetters).toEqual([]);
  });

  it('isolates each poisonous event, applies every other one once, and ends at the batch end', async () => {
    const db = fakeDatabase(new Set([5, 11]));
    let refusals = 0;
    const offsets = Array.from({ length: 16 }, (_, n) => n);
    const outcome = await applyIsolatingPoison(batch(offsets, 17), db.apply, () => (refusals += 1));
    const applied = db.committed.flatMap((part) => part.offsets);
    expect([...applied].sort((a, b) => a - b)).toEqual(offsets);
    expect(new Set(applied).size).toBe(applied.length);
    expect(db.committed.filter((part) => part.isolated).map((part) => part.offsets)).toEqual([[5], [11]]);
    expect(outcome.deadLetters.map((letter) => letter.offset)).toEqual([5, 11]);
    // Parts commit in offset order, each checkpoint ending where the next part starts.
    expect(db.committed.map((part) => part.lastOffset)).toEqual([...db.committed.slice(1).map((part) => part.offsets[0]! - 1), 17]);
    expect(refusals).toBeGreaterThan(2);
    expect(refusals).toBeLessThanOrEqual(2 * 2 * Math.log2(16));
  });

  it('retries nothing itself for an error that is not about the data', async () => {
    const down = Object.assign(new Error('Connection terminated'), { code: 'ECONNRESET' });
    await expect(applyIsolatingPoison(batch([1, 2]), async () => Promise.reject(down), () => undefined)).rejects.toBe(down);
  });
});

describe('isDataError', () => {
  it.each([
    ['22021', true],
    ['22P05', true],
    ['23505', true],
    ['54000', true],
    ['08006', false],
    ['57P01', false],
    ['40001', false],
    [undefined, false],
  ])('SQLSTATE %p is about the data: %p', (code, expected) => {
    expect(isDataError(Object.assign(new Error('x'), { code }))).toBe(expected);
  });
});

describe('PartitionProgress', () => {
  it('reports a partition that is behind and has not advanced for the stall time, by name', () => {
    const progress = new PartitionProgress(60_000);
    progress.waiting('orders.events', 0, 10, 0);
    progress.waiting('chat.events', 1, 0, 0);
    expect(progress.stalled(59_999)).toEqual([]);
    expect(progress.stalled(75_000)).toEqual(['orders.events[0]: no progress for 75 s, 10 records behind']);
    progress.advanced('orders.events', 0, 75_000);
    expect(progress.stalled(80_000)).toEqual([]);
  });
});
