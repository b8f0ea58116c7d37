/**
 * The partitions a consumer-group member owns, each as the promise of its owner (acquiring
 * means fencing a transactional producer and restoring state, so it takes a while), and the
 * batches it is handling. Shared by the command handler and the workflow service: both
 * re-acquire every partition after a rejoin and drop an owner whose batch failed.
 */

import type { ConsumedBatch } from '../platform/kafka';

/** The offset to resume from once `batch` is handled: the one after its last record (a transaction marker included). */
export function nextOffsetAfter(batch: ConsumedBatch): bigint {
  return BigInt(batch.lastOffset()) + 1n;
}

/** What owning a partition holds until it is given up: a producer, a state store. */
export interface PartitionOwnership {
  release(): Promise<void>;
}

export class PartitionOwners<Owner extends PartitionOwnership> {
  private readonly owners = new Map<string, Promise<Owner>>();
  /** Batches being handled; `settle` waits for them. */
  private readonly inFlight = new Set<Promise<void>>();

  /** The owner of `topic`/`partition`, acquired with `acquire` when there is none; forgotten if acquiring fails. */
  ownerOf(topic: string, partition: number, acquire: () => Promise<Owner>): Promise<Owner> {
    const key = `${topic}:${partition}`;
    let owner = this.owners.get(key);
    if (owner === undefined) {
      const acquiring = acquire();
      owner = acquiring;
      this.owners.set(key, acquiring);
      acquiring.catch(() => this.owners.get(key) === acquiring && this.owners.delete(key));
    }
    return owner;
  }

  /** Releases `owner` and forgets it, unless a rejoin already replaced it with a newer owner. */
  async release(topic: string, partition: number, owner: Promise<Owner>): Promise<void> {
    const key = `${topic}:${partition}`;
    if (this.owners.get(key) === owner) this.owners.delete(key);
    await owner.then((acquired) => acquired.release()).catch(() => undefined);
  }

  async releaseAll(): Promise<void> {
    const owners = [...this.owners.values()];
    this.owners.clear();
    await Promise.all(owners.map((owner) => owner.then((acquired) => acquired.release()).catch(() => undefined)));
  }

  /** Runs a batch's handling, counted until it ends. */
  async track(handling: Promise<void>): Promise<void> {
    this.inFlight.add(handling);
    try {
      await handling;
    } finally {
      this.inFlight.delete(handling);
    }
  }

  /** Resolves once the batches in hand have ended, however they end. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }
}
