/**
 * The command handler's local state: the bounded cache of hot aggregates (admitted at their
 * second decision), and when a partition store found on disk is kept (and restored from its
 * offset) or wiped.
 */
import type { AggregateRecord } from '../../../services/command-handler';
import { AggregateCache } from '../../../services/command-handler/state/aggregate-cache';
import { storeVerdict, type StoreIdentity } from '../../../services/command-handler/state/store-check';

const record = (aggregateId: string, version = 1): AggregateRecord => ({ aggregateId, version, state: {}, recentCommands: [] });

describe('AggregateCache', () => {
  /** Decided twice: cached. */
  const admit = (cache: AggregateCache, aggregateId: string, version = 1): void => {
    cache.set(record(aggregateId, version));
    cache.set(record(aggregateId, version));
  };

  it('caches an aggregate at its second decision, not its first', () => {
    const cache = new AggregateCache(2);
    cache.set(record('a', 1));
    expect(cache.get('a')).toBeUndefined();

    cache.set(record('a', 2));
    expect(cache.get('a')?.version).toBe(2);
  });

  it('keeps at most its capacity, evicting the least recently decided', () => {
    const cache = new AggregateCache(2);
    admit(cache, 'a');
    admit(cache, 'b');
    // Decided again: its new state makes it the most recently used; a lookup does not.
    cache.set(record('a', 2));
    cache.get('b');
    admit(cache, 'c');

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.aggregateId).toBe('a');
    expect(cache.get('c')?.aggregateId).toBe('c');
  });

  it('replaces a cached aggregate with its newer state', () => {
    const cache = new AggregateCache(2);
    admit(cache, 'a', 1);
    cache.set(record('a', 2));

    expect(cache.size).toBe(1);
    expect(cache.get('a')?.version).toBe(2);
  });

  it('remembers only the latest first decisions, as many as its capacity', () => {
    const cache = new AggregateCache(2);
    cache.set(record('a'));
    cache.set(record('b'));
    cache.set(record('c'));
    // a's first decision is forgotten: this is a first one again.
    cache.set(record('a'));
    cache.set(record('c'));

    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.aggregateId).toBe('c');
  });
});

describe('storeVerdict', () => {
  const identity: StoreIdentity = { clusterId: 'cluster-1', topic: 'orders.snapshots', partition: 3, partitions: 4 };
  const log = { low: 10n, high: 500n };

  it('keeps a store of the same partition and restores the tail after its offset', () => {
    expect(storeVerdict({ identity, nextOffset: 420n }, identity, log)).toEqual({ keep: true, restoreFrom: 420n });
    expect(storeVerdict({ identity, nextOffset: 500n }, identity, log)).toEqual({ keep: true, restoreFrom: 500n });
    expect(storeVerdict({ identity, nextOffset: 10n }, identity, log)).toEqual({ keep: true, restoreFrom: 10n });
  });

  it.each([
    ['a new store', { identity: undefined, nextOffset: undefined }, /new or was never restored/],
    ['a store wiped but not restored yet', { identity, nextOffset: undefined }, /new or was never restored/],
    ['another cluster', { identity: { ...identity, clusterId: 'cluster-0' }, nextOffset: 20n }, /another cluster/],
    ['another topic', { identity: { ...identity, topic: 'chat.snapshots' }, nextOffset: 20n }, /chat\.snapshots partition 3/],
    ['another partition', { identity: { ...identity, partition: 2 }, nextOffset: 20n }, /partition 2, not/],
    ['another partition count', { identity: { ...identity, partitions: 1 }, nextOffset: 20n }, /had 1 partitions, not 4/],
    ['a store ahead of the log', { identity, nextOffset: 501n }, /beyond the log's end 500/],
    ['a log that starts after the store', { identity, nextOffset: 9n }, /log now starts at 10/],
  ])('wipes %s and restores from the log start', (_what, stored, reason) => {
    const verdict = storeVerdict(stored, identity, log);
    expect(verdict).toEqual({ keep: false, reason: expect.stringMatching(reason), restoreFrom: 10n });
  });
});
