/**
 * The hot aggregates of one owned partition: a least-recently-used cache with a fixed
 * capacity. What it evicts is still in the partition's store on disk (partition-store.ts),
 * so the handler's memory does not grow with the number of aggregates it has ever decided.
 *
 * An aggregate is admitted on its second decision among the last `capacity` first ones, not
 * its first: under commands spread over many aggregates most are decided once in a long while,
 * and caching each of those only churned the cache — every entry promoted to V8's old
 * generation, then garbage — which grew the heap by a hundred megabytes at 1,000,000 orders
 * (docs/command-handling.md, "The state store"). An aggregate decided again soon is cached
 * from then on.
 */
import type { AggregateRecord } from '../aggregate';

export class AggregateCache {
  /** A Map iterates in insertion order: re-inserting on use keeps the least recently used first. */
  private readonly entries = new Map<string, AggregateRecord>();
  /** Aggregates decided once, not cached: their ids, oldest first, at most `capacity`. */
  private readonly decidedOnce = new Set<string>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * A lookup, not a use: an aggregate is used when its new state is set after its decision,
   * which moves it to the most recent end. Moving it on every lookup too (a batch looks each
   * aggregate up three times) was a few per cent of the handler's time.
   */
  get(aggregateId: string): AggregateRecord | undefined {
    return this.entries.get(aggregateId);
  }

  /** An aggregate's new state: replaces the cached one (now the most recently used), or is cached if it was decided once recently. */
  set(record: AggregateRecord): void {
    const { aggregateId } = record;
    if (!this.entries.delete(aggregateId) && !this.decidedOnce.delete(aggregateId)) {
      this.decidedOnce.add(aggregateId);
      evictBeyond(this.decidedOnce, this.capacity);
      return;
    }
    this.entries.set(aggregateId, record);
    evictBeyond(this.entries, this.capacity);
  }
}

function evictBeyond(oldestFirst: Map<string, unknown> | Set<string>, capacity: number): void {
  for (const oldest of oldestFirst.keys()) {
    if (oldestFirst.size <= capacity) break;
    oldestFirst.delete(oldest);
  }
}
