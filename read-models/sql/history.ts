/** Reading the event history of one aggregate (read-models/event-history.ts) by version range. */
import type { EventHistoryReadModel } from '../event-history';
import { selectColumns } from './rows';
import type { Statement } from './statement';

/** The newest version of `aggregateId` in the history (`latest`: null when it has none). */
export function selectLatestVersion(model: EventHistoryReadModel, aggregateId: string): Statement {
  return {
    text: `SELECT max(${model.columns.aggregateVersion.name}) AS latest FROM ${model.table} WHERE ${model.columns.aggregateId.name} = $1`,
    values: [aggregateId],
  };
}

/**
 * The events of `aggregateId` with `afterVersion < version <= upToVersion`, oldest first, at
 * most `limit`: one range scan of the primary key (aggregate_id, aggregate_version).
 */
export function selectEventHistory(model: EventHistoryReadModel, aggregateId: string, afterVersion: number, upToVersion: number, limit: number): Statement {
  const id = model.columns.aggregateId.name;
  const version = model.columns.aggregateVersion.name;
  return {
    text: `SELECT ${selectColumns(model)} FROM ${model.table}
      WHERE ${id} = $1 AND ${version} > $2 AND ${version} <= $3 ORDER BY ${version} LIMIT $4`,
    values: [aggregateId, afterVersion, upToVersion, limit],
  };
}
