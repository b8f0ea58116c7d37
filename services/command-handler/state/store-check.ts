/**
 * Whether a partition store found on disk can be kept and where restoring it resumes: pure,
 * so every reason to wipe it is tested without a broker. The store is trusted only as a copy
 * of one partition of one snapshots topic of one cluster, up to an offset that the log still
 * holds; anything else (another cluster after `npm start -- --fresh`, a recreated topic, a new
 * partition count, a store ahead of the log) is wiped and restored from the log's start.
 */

/** What a store is a copy of. */
export interface StoreIdentity {
  readonly clusterId: string;
  readonly topic: string;
  readonly partition: number;
  /** Partitions of the topic: with another count, aggregates live on other partitions. */
  readonly partitions: number;
}

export interface StoredState {
  readonly identity: StoreIdentity | undefined;
  /** The next snapshots offset the store does not reflect yet; undefined when never restored. */
  readonly nextOffset: bigint | undefined;
}

/** The partition's log as the broker has it now (read_committed end). */
export interface LogBounds {
  readonly low: bigint;
  readonly high: bigint;
}

export type StoreVerdict =
  | { readonly keep: true; readonly restoreFrom: bigint }
  | { readonly keep: false; readonly reason: string; readonly restoreFrom: bigint };

export function storeVerdict(stored: StoredState, expected: StoreIdentity, log: LogBounds): StoreVerdict {
  const wipe = (reason: string): StoreVerdict => ({ keep: false, reason, restoreFrom: log.low });
  const { identity, nextOffset } = stored;
  if (identity === undefined || nextOffset === undefined) return wipe('the store is new or was never restored');
  if (identity.clusterId !== expected.clusterId) return wipe(`the store was restored from another cluster (${identity.clusterId})`);
  if (identity.topic !== expected.topic || identity.partition !== expected.partition) {
    return wipe(`the store holds ${identity.topic} partition ${identity.partition}, not ${expected.topic} partition ${expected.partition}`);
  }
  if (identity.partitions !== expected.partitions) return wipe(`the store was restored when the topic had ${identity.partitions} partitions, not ${expected.partitions}`);
  // Only committed records are ever written to the store, so it cannot be ahead of an intact log.
  if (nextOffset > log.high) return wipe(`the store reflects offsets up to ${nextOffset}, beyond the log's end ${log.high} (topic recreated?)`);
  if (nextOffset < log.low) return wipe(`the log now starts at ${log.low}, after the store's offset ${nextOffset}`);
  return { keep: true, restoreFrom: nextOffset };
}
