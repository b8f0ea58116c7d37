/**
 * Folding a read model's events into its shadow table with the projector's own code: records
 * are decoded by decodeBatch, routed and applied (versions bumped) by routeEvents/applyRouted,
 * rows read by selectByKeys and written by upsertStatement, all against the shadow model.
 * Nothing is published while rebuilding.
 *
 * Unlike the projector, which must persist every batch with its checkpoint, a rebuild owns its
 * table, so it keeps the rows it builds in memory and writes them behind: a row is written once
 * however many events change it, which is what makes a million events fit in well under a
 * minute (writing every batch's rows rewrites each order row two or three times and takes twice
 * as long). Memory is bounded: past MAX_CACHED_ROWS the rows are written out and forgotten, and
 * later events read the rows they need back from the shadow.
 */
import type { ConsumedRecord } from '../../../platform/kafka';
import type { DomainModule, Versioned } from '../../../domains';
import { NOTHING_APPLIED, rowsByKey, selectByKeys, upsertStatement, type AnyReadModel, type SqlSession } from '../../../read-models';
import type { Codec } from '../../../schemas';
import { decodeBatch } from '../decode-batch';
import { applyRouted, routeEvents } from '../plan-rows';

/** Rows kept in memory: about 1 GB of process memory for the reference read models at the bound. */
const MAX_CACHED_ROWS = 500_000;
/** Rows written per statement (one INSERT of arrays). */
const WRITE_SLICE_ROWS = 16_384;

export interface RebuildCounts {
  /** Records read from the events topic. */
  records: number;
  /** Events applied to a row. */
  applied: number;
  /** Records that are not events of the domain (the projector dead-letters them). */
  undecodable: number;
  /** Events the projection threw on (the projector dead-letters them; the row stays as it was). */
  failed: number;
}

export class ShadowRebuild {
  readonly counts: RebuildCounts = { records: 0, applied: 0, undecodable: 0, failed: 0 };
  private readonly rows = new Map<string, Versioned<unknown>>();
  private readonly dirty = new Set<string>();
  /** True while `rows` holds every row of the shadow, so a key it lacks has no row yet. */
  private cacheComplete = true;

  constructor(
    private readonly session: SqlSession,
    /** The read model pointed at its shadow table (shadowModel()). */
    private readonly shadow: AnyReadModel,
    private readonly domain: DomainModule,
    private readonly codec: Codec,
  ) {}

  /** Applies one batch of one partition, in offset order. */
  async apply(messages: readonly ConsumedRecord[]): Promise<void> {
    const { events, undecodable } = decodeBatch(this.codec, this.domain, messages);
    const { routed, failures } = routeEvents(this.shadow.projection, events, NOTHING_APPLIED);
    if (!this.cacheComplete) await this.load([...new Set(routed.map(({ key }) => key))].filter((key) => !this.rows.has(key)));
    const plan = applyRouted(this.shadow.projection, routed, this.rows);
    for (const [key, row] of plan.changed) {
      this.rows.set(key, row);
      this.dirty.add(key);
    }
    this.counts.records += messages.length;
    this.counts.applied += plan.applied;
    this.counts.undecodable += undecodable.length;
    this.counts.failed += failures.length + plan.failures.length;
    if (this.rows.size >= MAX_CACHED_ROWS) {
      await this.flush();
      this.rows.clear();
      this.cacheComplete = false;
    }
  }

  /** Rows changed in memory and not yet written. */
  get unwritten(): number {
    return this.dirty.size;
  }

  /** Writes every row changed since the last flush to the shadow table; `onWritten` hears each statement's row count. */
  async flush(onWritten: (rows: number) => void = () => undefined): Promise<void> {
    const keys = [...this.dirty];
    // Statements are built a slice at a time: all of them at once would hold every row twice more.
    for (let start = 0; start < keys.length; start += WRITE_SLICE_ROWS) {
      const rows = keys.slice(start, start + WRITE_SLICE_ROWS).map((key) => this.rows.get(key) as Versioned<unknown>);
      await this.session.query(upsertStatement(this.shadow, rows, 'overwrite'));
      onWritten(rows.length);
    }
    this.dirty.clear();
  }

  private async load(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const stored = rowsByKey(this.shadow, (await this.session.query(selectByKeys(this.shadow, keys, 'share'))).rows);
    for (const [key, row] of stored) this.rows.set(key, row);
  }
}
