/**
 * Rebuild a read model from offset 0 of its events topic into a shadow table while the live
 * projector keeps serving the old one, then swap it in (`eventline replay <projection>` runs it).
 *
 *  1. rebuild   read every partition from its beginning to its current end into `<table>__rebuild`
 *               (no locks; nothing published)
 *  2. catch up  read what arrived meanwhile, again without locks, until little is left
 *  3. swap      one transaction: take the read-model lock exclusively (the projector takes it
 *               shared before each batch, so it is now paused between batches), read its
 *               checkpoints, apply to the shadow what the live table has and the shadow lacks,
 *               fix view versions, lock the live table, rename shadow → live, drop the old
 *               table, set the checkpoints to where the rebuild ended (never lower than they
 *               were: the running projector has already read that far), COMMIT
 *  4. publish   at most one view change per key: the new row, with a version above the live one
 *
 * --dry-run runs 1-3 but compares instead of swapping, rolls back and drops the shadow. Ctrl-C
 * before the swap commits rolls back, drops the shadow and leaves the live table untouched.
 */
import type { KafkaAdmin, KafkaClient } from '../../../platform/kafka';
import { findReadModelOfDomain, type DomainModule } from '../../../domains';
import type { Orm } from '../../../platform/db';
import { BadRequestError, NotFoundError, UnavailableError } from '../../../platform/errors';
import { partitionExtents, RangeReader, resolvePosition, type PartitionExtent, type Position, type TopicNames } from '../../../platform/kafka';
import { decodeCheckpoint, lockCheckpoints, lockReadModel, readCheckpoints, withSession, writeCheckpoint, type AnyReadModel, type SqlSession } from '../../../read-models';
import { createCodec } from '../../../schemas';
import { diffShadow, prepareViewVersions, type Diff } from './compare';
import { publishViewChanges } from './publish-views';
import { ShadowRebuild, type RebuildCounts } from './rebuild';
import { createShadow, dropShadow, quoteIdentifier, shadowModel, shadowTableName, swapInShadow, tableExists } from './shadow-table';
import { query } from './sql';

/** Session-level advisory lock class: one replay per read model at a time (the shadow table has one name). */
const REPLAY_LOCK_CLASS = 727_003;
/** Events left to read before the swap transaction may start; they are applied while the projector waits. */
const MAX_EVENTS_UNDER_LOCK = 10_000;
/** Unlocked catch-up rounds; a topic written faster than it is replayed gets the rest applied under the lock. */
const MAX_CATCH_UP_ROUNDS = 5;
/** Bulk reads: about 30,000 events per partition fetch. */
const FETCH_BYTES_PER_PARTITION = 4 * 1024 * 1024;

export interface ReplayRequest {
  readonly projection: string;
  readonly dryRun: boolean;
  /** Rebuild only the events before this position (dry runs only). */
  readonly until?: Position;
  /** How many differences a dry run lists. */
  readonly show: number;
}

export interface PartitionHandover {
  partition: number;
  /** Next offset the rebuild would read. */
  rebuiltTo: string;
  /** The live checkpoint (last applied offset) found under the lock; null with --until. */
  liveCheckpoint: string | null;
  /** The checkpoint the swap handed over; null for a dry run. */
  checkpoint: string | null;
}

export interface ReplayReport {
  projection: string;
  table: string;
  topic: string;
  dryRun: boolean;
  interrupted: boolean;
  /** A shadow table left by a killed replay was dropped first. */
  droppedLeftover: boolean;
  counts: RebuildCounts;
  seconds: number;
  partitions: PartitionHandover[];
  /** Dry run: how the rebuild compares with the live table. */
  diff?: Diff;
  /** Swap: rows in the table before and after. */
  rows?: { before: number; after: number };
  /** Swap of a view's table: keys whose change was published, and records produced. */
  published?: { view: string; keys: number; records: number };
}

export interface Progress {
  /** `done` more records were read (or rows written). */
  advance(done: number): void;
  stop(): void;
}

export interface ReplayContext {
  readonly kafka: KafkaClient;
  readonly admin: KafkaAdmin;
  /** The installation's topic names (TOPIC_PREFIX): `<domain>.events` is read, a view's topic written. */
  readonly topics: TopicNames;
  /** A consumer group of the replay's own; its reader never commits. */
  readonly groupId: string;
  /**
   * The read models' database. One of its connections carries the whole replay (the session
   * lock, the shadow table, the swap transaction); the view publisher takes another.
   */
  readonly orm: Orm;
  /** Progress of a long read or write; `unit` names what is counted (events by default). */
  startProgress(label: string, total: number, unit?: string): Progress;
  /** A line of news for the operator (what is being rebuilt from where). */
  log(line: string): void;
  readonly signal: AbortSignal;
}

/** BadRequestError for a request that cannot be carried out whatever the state of the system. */
export function checkReplayRequest(request: ReplayRequest): void {
  if (request.until !== undefined && !request.dryRun) {
    throw new BadRequestError('--until needs --dry-run: the running projector has already applied the events after that point and would not apply them again to a swapped-in table');
  }
}

export async function replay(context: ReplayContext, request: ReplayRequest): Promise<ReplayReport> {
  checkReplayRequest(request);
  const { domain, model } = lookUp(request.projection);
  const topic = context.topics.domain(domain.name, 'events');
  if (!(await context.admin.listTopics()).includes(topic)) throw new NotFoundError(`unknown topic "${topic}"`, { context: { topic } });
  return withSession(context.orm, async (session) => {
    const locked = await query<{ locked: boolean }>(session, 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [REPLAY_LOCK_CLASS, model.name]);
    if (locked.rows[0]?.locked !== true) throw new UnavailableError(`another replay of ${model.name} is running`);
    try {
      if (!(await tableExists(session, model.table))) throw new NotFoundError(`table ${model.table} does not exist: the projector creates it (migrations) on its first start`);
      const extents = await partitionExtents(context.admin, topic);
      const deleted = extents.find((extent) => extent.low > 0n);
      if (deleted) throw new NotFoundError(`${topic} partition ${deleted.partition} starts at offset ${deleted.low}: older events were deleted, so a rebuild would miss them`);
      const run = new ReplayRun(context, session, request, domain, model, topic, extents);
      return await run.execute(await createShadow(session, model.table));
    } finally {
      await query(session, 'SELECT pg_advisory_unlock($1, hashtext($2))', [REPLAY_LOCK_CLASS, model.name]).catch(() => undefined);
    }
  });
}

function lookUp(name: string): { domain: DomainModule; model: AnyReadModel } {
  const found = findReadModelOfDomain(name);
  if (found === undefined) throw new NotFoundError(`unknown projection ${name}`);
  return found;
}

class ReplayRun {
  private readonly rebuild: ShadowRebuild;
  /** Loads the catalog's schema files: once per replay. */
  private readonly codec = createCodec();
  private readonly reader: RangeReader;
  /** Next offset to read per partition. */
  private readonly positions = new Map<number, bigint>();
  private readonly startedAt = Date.now();
  private inTransaction = false;

  constructor(
    private readonly context: ReplayContext,
    private readonly session: SqlSession,
    private readonly request: ReplayRequest,
    domain: DomainModule,
    private readonly model: AnyReadModel,
    private readonly topic: string,
    private readonly extents: readonly PartitionExtent[],
  ) {
    this.rebuild = new ShadowRebuild(session, shadowModel(model), domain, this.codec);
    this.reader = new RangeReader(context.kafka, topic, {
      groupId: context.groupId,
      partitions: extents.map((extent) => extent.partition),
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
    });
  }

  async execute(droppedLeftover: boolean): Promise<ReplayReport> {
    const { session } = this;
    const report: ReplayReport = {
      projection: this.model.name,
      table: this.model.table,
      topic: this.topic,
      dryRun: this.request.dryRun,
      interrupted: false,
      droppedLeftover,
      counts: this.rebuild.counts,
      seconds: 0,
      partitions: [],
    };
    let swapped = false;
    try {
      // The shadow is scratch until the swap: losing its last writes in a crash costs nothing.
      await query(session, 'SET synchronous_commit = off');
      const { extents } = this;
      for (const extent of extents) this.positions.set(extent.partition, extent.low);

      const until = this.request.until && (await resolvePosition(this.context.admin, this.topic, extents, this.request.until));
      this.context.log(`replay ${this.model.name}: rebuilding ${shadowTableName(this.model.table)} from ${this.topic} (${extents.length} partition${extents.length === 1 ? '' : 's'})`);
      if (!(await this.readTo(extents.map((extent) => [extent.partition, until?.get(extent.partition) ?? extent.high]), 'rebuild'))) return this.interrupted(report);
      if (until === undefined && !(await this.catchUpUnlocked())) return this.interrupted(report);
      await this.writeShadow();

      await query(session, 'BEGIN');
      this.inTransaction = true;
      await query(session, 'SET LOCAL synchronous_commit = on');
      let live: Map<number, number> | undefined;
      if (until === undefined) {
        live = await this.catchUpLocked();
        if (live === undefined) return this.interrupted(report);
      }
      report.partitions = extents.map(({ partition }) => ({
        partition,
        rebuiltTo: String(this.positions.get(partition)),
        liveCheckpoint: live?.get(partition)?.toString() ?? null,
        checkpoint: null,
      }));
      if (this.request.dryRun) {
        report.diff = await diffShadow(session, this.model, this.request.show);
        return report;
      }
      const swap = await this.swap(report);
      if (this.context.signal.aborted) return this.interrupted(report);
      await query(session, 'COMMIT');
      this.inTransaction = false;
      swapped = true;
      if (swap.keys.length > 0 && this.model.view !== undefined) {
        const records = await publishViewChanges(this.context.orm, this.context.kafka, this.context.topics, this.codec, {
          model: this.model,
          topic: this.topic,
          partition: swap.keysPartition,
          keys: swap.keys,
        });
        report.published = { view: this.model.view, keys: swap.keys.length, records };
      }
      return report;
    } finally {
      report.seconds = (Date.now() - this.startedAt) / 1000;
      await this.reader.close();
      if (!swapped) await this.discard();
    }
  }

  private interrupted(report: ReplayReport): ReplayReport {
    report.interrupted = true;
    return report;
  }

  /** Rolls back what the swap transaction did and drops the shadow: the live table is as it was. */
  private async discard(): Promise<void> {
    const { session } = this;
    if (this.inTransaction) await query(session, 'ROLLBACK').catch(() => undefined);
    this.inTransaction = false;
    await dropShadow(session, this.model.table);
  }

  /** Reads every partition up to `ends` (exclusive) into the shadow; false when interrupted. */
  private async readTo(ends: readonly (readonly [number, bigint])[], label: string): Promise<boolean> {
    const ranges = ends.map(([partition, to]) => ({ partition, from: this.positions.get(partition) ?? 0n, to }));
    const total = ranges.reduce((sum, range) => sum + Number(range.to > range.from ? range.to - range.from : 0n), 0);
    if (total === 0) return !this.context.signal.aborted;
    const progress = this.context.startProgress(`replay ${this.model.name} (${label})`, total);
    try {
      await this.reader.readRanges(
        ranges,
        async (_partition, messages) => {
          await this.rebuild.apply(messages);
          progress.advance(messages.length);
        },
        this.context.signal,
      );
    } finally {
      progress.stop();
    }
    if (this.context.signal.aborted) return false;
    for (const range of ranges) if (range.to > range.from) this.positions.set(range.partition, range.to);
    return true;
  }

  /** Writes the rows built in memory to the shadow table, with progress: for a large read model it takes a while. */
  private async writeShadow(): Promise<void> {
    if (this.rebuild.unwritten === 0) return;
    const progress = this.context.startProgress(`replay ${this.model.name} (writing ${shadowTableName(this.model.table)})`, this.rebuild.unwritten, 'rows');
    try {
      await this.rebuild.flush((rows) => progress.advance(rows));
    } finally {
      progress.stop();
    }
  }

  /** Reads what was written during the rebuild, until little enough is left to apply under the lock. */
  private async catchUpUnlocked(): Promise<boolean> {
    for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round += 1) {
      const extents = await partitionExtents(this.context.admin, this.topic);
      const behind = extents.reduce((sum, extent) => sum + Number(extent.high - (this.positions.get(extent.partition) ?? 0n)), 0);
      if (behind <= MAX_EVENTS_UNDER_LOCK) return true;
      if (!(await this.readTo(extents.map((extent) => [extent.partition, extent.high]), 'catch-up'))) return false;
    }
    return true;
  }

  /**
   * Under the read-model lock, the live checkpoints cannot move: applies to the shadow every
   * event the live table has (up to each checkpoint) that the rebuild has not read yet.
   * Resolves to the live checkpoints, or undefined when interrupted.
   */
  private async catchUpLocked(): Promise<Map<number, number> | undefined> {
    await this.session.query(lockReadModel(this.model.name));
    const partitions = this.extents.map((extent) => extent.partition);
    const live = new Map(
      (await this.session.query(readCheckpoints([this.model.name], this.topic, partitions))).rows.map(decodeCheckpoint).map((checkpoint) => [checkpoint.partition, checkpoint.lastOffset]),
    );
    const ends = this.extents.map(({ partition }): [number, bigint] => {
      const applied = BigInt((live.get(partition) ?? -1) + 1);
      const reached = this.positions.get(partition) ?? 0n;
      return [partition, applied > reached ? applied : reached];
    });
    if (!(await this.readTo(ends, 'catch-up under lock'))) return undefined;
    await this.rebuild.flush();
    return live;
  }

  /**
   * Inside the transaction, after catchUpLocked: makes the shadow the live table and hands over
   * the checkpoints. Resolves to the view keys to publish and the partition whose checkpoint
   * holds them until they are.
   *
   * Under the read-model lock no projector batch writes the live table, so its rows can be
   * counted and compared before the table lock, which is taken only for the renames: readers
   * of the live table (REST reads) wait for milliseconds, not for a comparison. Checkpoint rows
   * are locked last; the projector's view publisher holds a table lock while it waits for one.
   */
  private async swap(report: ReplayReport): Promise<{ keys: string[]; keysPartition: number }> {
    const { session } = this;
    const count = async (table: string): Promise<number> => Number((await query<{ n: string }>(session, `SELECT count(*) AS n FROM ${quoteIdentifier(table)}`)).rows[0]?.n);
    report.rows = { before: await count(this.model.table), after: await count(shadowTableName(this.model.table)) };
    const keys = this.model.view === undefined ? [] : await prepareViewVersions(session, this.model);
    await query(session, `LOCK TABLE ${quoteIdentifier(this.model.table)} IN ACCESS EXCLUSIVE MODE`);
    await swapInShadow(session, this.model.table);
    const keysPartition = this.extents[0]?.partition ?? 0;
    for (const handover of report.partitions) {
      const [current] = (await this.session.query(lockCheckpoints([this.model.name], this.topic, handover.partition))).rows.map(decodeCheckpoint);
      const lastOffset = Math.max(current?.lastOffset ?? -1, Number(this.positions.get(handover.partition) ?? 0n) - 1);
      const pending = current?.pendingViewKeys ?? [];
      const pendingViewKeys = handover.partition === keysPartition ? [...new Set([...pending, ...keys])] : [...pending];
      await this.session.query(writeCheckpoint(this.topic, { projection: this.model.name, partition: handover.partition, lastOffset, pendingViewKeys }));
      handover.checkpoint = String(lastOffset);
    }
    return { keys, keysPartition };
  }
}
