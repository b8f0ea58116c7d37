/**
 * The hot aggregates of one owned partition: a least-recently-used cache with a fixed
 * capacity. What it evicts is still in the partition's store on disk (partition-store.ts),
 * so the handler's memory does not grow with the number of aggregates it has ever decided.
 */
import type { AggregateRecord } from '../aggregate';

export class AggregateCache {
  /** A Map iterates in insertion order: re-inserting on use keeps the least recently used first. */
  private readonly entries = new Map<string, AggregateRecord>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(aggregateId: string): AggregateRecord | undefined {
    const record = this.entries.get(aggregateId);
    if (record !== undefined) {
      this.entries.delete(aggregateId);
      this.entries.set(aggregateId, record);
    }
    return record;
  }

  set(record: AggregateRecord): void {
    this.entries.delete(record.aggregateId);
    this.entries.set(record.aggregateId, record);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
