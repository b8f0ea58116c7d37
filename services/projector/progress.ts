/**
 * Whether each events partition is moving: when it last advanced (a batch committed, or it
 * was first seen) and how far behind it was at its last batch. A partition behind and not
 * advanced for `stallMs` is stalled — its batches keep failing — which readiness reports,
 * naming it, instead of a lag gauge that looks fine.
 */
interface PartitionState {
  behind: number;
  advancedAt: number;
}

export class PartitionProgress {
  private readonly partitions = new Map<string, PartitionState>();

  constructor(private readonly stallMs: number) {}

  /** A batch of `topic`/`partition` starts with `behind` records not yet applied. */
  waiting(topic: string, partition: number, behind: number, now = Date.now()): void {
    const key = `${topic}[${partition}]`;
    const state = this.partitions.get(key);
    if (state === undefined) this.partitions.set(key, { behind, advancedAt: now });
    else state.behind = behind;
  }

  /** A batch committed. */
  advanced(topic: string, partition: number, now = Date.now()): void {
    const state = this.partitions.get(`${topic}[${partition}]`);
    if (state !== undefined) state.advancedAt = now;
  }

  stalled(now = Date.now()): string[] {
    return [...this.partitions]
      .filter(([, state]) => state.behind > 0 && now - state.advancedAt >= this.stallMs)
      .map(([key, state]) => `${key}: no progress for ${Math.round((now - state.advancedAt) / 1000)} s, ${state.behind} records behind`);
  }
}
