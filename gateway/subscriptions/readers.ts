/**
 * What subscriptions read from PostgreSQL: the current row of a view key (the snapshot) and
 * the events of an aggregate after a version (the history a resumed event stream replays).
 * Interfaces first, so the subscriptions' ordering logic is tested without a database.
 */
import type { Orm } from '../../platform/db';
import { InternalError } from '../../platform/errors';
import {
  decodeCheckpoint,
  decodeRow,
  NOTHING_APPLIED,
  primaryKeyOrUndefined,
  readCheckpoints,
  rowProperties,
  selectEventHistory,
  selectLatestVersion,
  withSession,
} from '../../read-models';
import type { Positions } from './feed-positions';
import type { EventStream, ViewStream } from './streams';

export interface ViewSnapshot {
  /** 0 when the key has no row yet. */
  readonly version: number;
  /** The row without its version; null when there is none. */
  readonly data: object | null;
}

export interface HistoryEvent {
  readonly version: number;
  readonly name: string;
  readonly data: unknown;
  readonly occurredAt: Date;
}

export interface HistoryPage {
  /** Oldest first. */
  readonly events: readonly HistoryEvent[];
  /** The history holds every event at or below the positions asked about (true when none were). */
  readonly covers: boolean;
}

export interface SubscriptionReaders {
  snapshot(stream: ViewStream, key: string): Promise<ViewSnapshot>;
  /**
   * The events of aggregate `key` with `after < version <= upTo`, at most `limit`. With
   * `positions`, `covers` says whether the history read model's checkpoint has reached them;
   * it is read before the events, so events up to it are all in the page's range.
   */
  history(stream: EventStream, key: string, after: number, upTo: number, limit: number, positions?: Positions): Promise<HistoryPage>;
  /** The aggregate's newest version in the history; 0 when it has none. */
  latestVersion(stream: EventStream, key: string): Promise<number>;
}

const NO_ROW: ViewSnapshot = Object.freeze({ version: 0, data: null });

export function postgresReaders(orm: Orm): SubscriptionReaders {
  return {
    async snapshot({ model }, key) {
      const primaryKey = primaryKeyOrUndefined(model, key);
      const row = primaryKey === undefined ? null : await orm.em.fork().findOne(model.entity, primaryKey);
      return row === null ? NO_ROW : { version: (row as { version: number }).version, data: rowProperties(model, row) };
    },

    history({ history: model, topic }, key, after, upTo, limit, positions) {
      if (model === undefined) throw new InternalError(`stream ${topic} keeps no event history`);
      return withSession(orm, async (session) => {
        let covers = true;
        if (positions !== undefined && positions.size > 0) {
          const checkpoints = (await session.query(readCheckpoints([model.name], topic, [...positions.keys()]))).rows.map(decodeCheckpoint);
          const applied = new Map(checkpoints.map((checkpoint) => [checkpoint.partition, checkpoint.lastOffset]));
          covers = [...positions].every(([partition, offset]) => (applied.get(partition) ?? NOTHING_APPLIED) >= offset);
        }
        const rows = (await session.query(selectEventHistory(model, key, after, Math.min(upTo, Number.MAX_SAFE_INTEGER), limit))).rows;
        const events = rows.map((record) => {
          const row = decodeRow(model, record);
          return { version: row.aggregateVersion, name: row.name, data: row.data, occurredAt: row.occurredAt };
        });
        return { events, covers };
      });
    },

    latestVersion({ history: model, topic }, key) {
      if (model === undefined) throw new InternalError(`stream ${topic} keeps no event history`);
      return withSession(orm, async (session) => {
        const [row] = (await session.query(selectLatestVersion(model, key))).rows;
        return row?.latest === null || row?.latest === undefined ? 0 : Number(row.latest);
      });
    },
  };
}
