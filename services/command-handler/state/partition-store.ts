/**
 * The local copy of one partition of `<domain>.snapshots` (the handler's changelog), on disk
 * in LevelDB (classic-level): every aggregate's latest snapshot record, byte for byte as it is
 * in Kafka, and the handler's position under the empty key, plus the next snapshots offset the
 * copy reflects and what it is a copy of (store-check.ts).
 *
 * It only ever holds committed records: the restore reads read_committed, and the handler
 * writes a batch's snapshots only after its Kafka transaction committed. Records and offset go
 * in one LevelDB write batch, which is atomic, so a process killed at any instruction leaves
 * the store at some committed offset, never ahead of it; the next owner reads the tail after
 * that offset. A store that cannot be trusted is wiped and restored from the log's start.
 *
 * Writes are queued, not waited for by the handler: each starts once the one before it is in, so
 * they land in order, and until a write is in, its records are read from memory (`unwritten`).
 * After a write fails no later one is applied — the store would claim an offset past records
 * it lacks — and the owner gives the partition up (partition-owner.ts).
 *
 * LevelDB locks its directory (fcntl) while open: two processes never write one store, and a
 * killed process's lock goes with it. In one process a second open of a locked directory would
 * drop the first one's lock (fcntl locks belong to the process), so opens of one location are
 * queued behind its previous holder's close.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClassicLevel } from 'classic-level';
import { UnavailableError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import type { StoreIdentity, StoredState } from './store-check';

const SNAPSHOT_PREFIX = 's:';
const IDENTITY_KEY = 'm:identity';
const OFFSET_KEY = 'm:offset';

/** Another process on this machine may still hold the store for a moment after a rebalance. */
const LOCKED_RETRY_MS = 100;
const LOCKED_WAIT_MS = 15_000;

/** Opens and closes of one location in this process, in order (see the header). */
const holders = new Map<string, Promise<void>>();

export interface StoredRecord {
  /** The Kafka record key: an aggregate id, or the empty key of the handler's position. */
  readonly key: string;
  /** The Kafka record value; null deletes (a tombstone). */
  readonly value: Buffer | null;
}

type Db = ClassicLevel<string, Buffer>;

/**
 * LevelDB reads its table files through memory maps, and every page a read touches counts in
 * the process's resident memory until the table is closed: with LevelDB's defaults (2 MiB
 * tables, up to 990 kept open) a store read at random stays mapped whole, ~80 MB at 1,000,000
 * orders. Smaller tables and the fewest open ones LevelDB allows (64) bound that to 32 MiB per
 * store, for a table reopened on most reads that miss the cache (docs/command-handling.md).
 * The block cache is small too: hot aggregates are cached decoded (aggregate-cache.ts).
 */
const LEVEL_OPTIONS = {
  keyEncoding: 'utf8',
  valueEncoding: 'buffer',
  maxFileSize: 512 * 1024,
  maxOpenFiles: 74,
  cacheSize: 2 * 1024 * 1024,
} as const;

export class PartitionStore {
  /** Records of queued writes that are not in LevelDB yet, by key: what reads must see. */
  private readonly unwritten = new Map<string, Buffer | null>();
  /** The queue of writes; settles (never rejects) when the last one queued is done. */
  private writing: Promise<void> = Promise.resolve();
  /** Why the first failed write failed; no write after it is applied. */
  private failure: unknown;

  private constructor(
    readonly location: string,
    private db: Db,
    private released: () => void,
    private readonly logger: Logger,
  ) {}

  static async open(location: string, logger: Logger): Promise<PartitionStore> {
    const previous = holders.get(location) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => held);
    holders.set(location, chained);
    const released = (): void => {
      release();
      if (holders.get(location) === chained) holders.delete(location);
    };
    await previous;
    try {
      return new PartitionStore(location, await openDb(location, logger), released, logger);
    } catch (error) {
      released();
      throw error;
    }
  }

  /** What the store is a copy of and up to which offset; see store-check.ts. */
  async state(): Promise<StoredState> {
    const [identity, offset] = await this.db.getMany([IDENTITY_KEY, OFFSET_KEY]);
    return {
      identity: identity === undefined ? undefined : (JSON.parse(identity.toString('utf8')) as StoreIdentity),
      nextOffset: offset === undefined ? undefined : BigInt(offset.toString('utf8')),
    };
  }

  /** Deletes everything and marks the store as a copy of `identity` restored up to nothing yet. */
  async wipe(identity: StoreIdentity): Promise<void> {
    await this.db.close();
    fs.rmSync(this.location, { recursive: true, force: true });
    this.db = await openDb(this.location, this.logger);
    await this.db.put(IDENTITY_KEY, Buffer.from(JSON.stringify(identity)));
  }

  /**
   * The snapshot records stored under `keys` (undefined where there is none), queued writes
   * included. One LevelDB call for all of them, run off the event loop.
   */
  async getMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> {
    const found: (Buffer | undefined)[] = new Array(keys.length);
    const stored: string[] = [];
    const storedAt: number[] = [];
    keys.forEach((key, index) => {
      if (this.unwritten.has(key)) found[index] = this.unwritten.get(key) ?? undefined;
      else {
        stored.push(SNAPSHOT_PREFIX + key);
        storedAt.push(index);
      }
    });
    if (stored.length > 0) {
      const values = await this.db.getMany(stored);
      // A write queued meanwhile is newer than what LevelDB answered.
      storedAt.forEach((index, position) => (found[index] = this.unwritten.has(keys[index]!) ? (this.unwritten.get(keys[index]!) ?? undefined) : values[position]));
    }
    return found;
  }

  /**
   * Queues a write of committed records and the next offset the store then reflects, applied
   * atomically once the writes queued before it are in; reads see the records at once. Resolves
   * when it is in; rejects if it, or a write before it, failed. Without `nextOffset` the offset
   * stays: records beyond it are committed ones that a restore from it would write again, the
   * same or newer, which is harmless.
   */
  write(records: readonly StoredRecord[], nextOffset: bigint | undefined): Promise<void> {
    for (const { key, value } of records) this.unwritten.set(key, value);
    const written = this.writing.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      const batch = this.db.batch();
      for (const { key, value } of records) {
        if (value === null) batch.del(SNAPSHOT_PREFIX + key);
        else batch.put(SNAPSHOT_PREFIX + key, value);
      }
      if (nextOffset !== undefined) batch.put(OFFSET_KEY, Buffer.from(nextOffset.toString()));
      await batch.write();
    });
    this.writing = written.then(
      () => {
        for (const { key, value } of records) if (this.unwritten.get(key) === value) this.unwritten.delete(key);
      },
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    return written;
  }

  /** Waits for the queued writes, then closes. Safe to call twice. */
  async close(): Promise<void> {
    try {
      await this.writing;
      await this.db.close();
    } finally {
      this.released();
      this.released = () => undefined;
    }
  }
}

async function openDb(location: string, logger: Logger): Promise<Db> {
  fs.mkdirSync(path.dirname(location), { recursive: true });
  const deadline = Date.now() + LOCKED_WAIT_MS;
  for (;;) {
    const db: Db = new ClassicLevel<string, Buffer>(location, LEVEL_OPTIONS);
    try {
      await db.open();
      return db;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if (cause?.code === 'LEVEL_LOCKED') {
        // Another handler process on this machine still owns the partition's store; it lets go when it sees the rebalance.
        if (Date.now() > deadline) throw new UnavailableError(`the partition store ${location} is still held by another process`, { cause: error });
        await sleep(LOCKED_RETRY_MS);
        continue;
      }
      // Corrupt or unreadable: a store is only a cache of the log, so start it again.
      logger.warn({ err: error, location }, 'partition store cannot be opened; wiping it');
      fs.rmSync(location, { recursive: true, force: true });
      const fresh: Db = new ClassicLevel<string, Buffer>(location, LEVEL_OPTIONS);
      await fresh.open();
      return fresh;
    }
  }
}
