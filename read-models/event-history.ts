/**
 * `<domain>_event_history`: every event of a domain as recorded, primary key
 * (aggregate_id, aggregate_version), so "the versions of one aggregate after N" is one index
 * range scan. Every registered domain gets one (domains/define-domain.ts); the table is
 * created by `eventHistoryTableSql`, from the domain's first migration.
 */
import { eventHistoryKey, eventHistoryProjection, type EventHistoryRow } from '../domains/event-history';
import { bigintNumber, jsonb, text, timestamptz } from './column-types';
import { splitNumberedKey } from './numbered-key';
import { defineReadModel, type ReadModel } from './read-model';
import { capitalized } from '../platform/text';

export type EventHistoryReadModel = ReadModel<EventHistoryRow, 'aggregateId' | 'aggregateVersion'>;

/** Stored as the record had it; JSON carries everything event data holds (no timestamps inside data). */
const eventData = jsonb<unknown>((json) => json);

/** `orders` → `OrdersEventHistory`: the MikroORM entity name, unique per domain. */
function entityNameOf(domain: string): string {
  return `${capitalized(domain)}EventHistory`;
}

export function eventHistoryReadModel(domain: string): EventHistoryReadModel {
  const projection = eventHistoryProjection(domain);
  return defineReadModel<EventHistoryRow, 'aggregateId' | 'aggregateVersion'>({
    projection,
    table: projection.name,
    entityName: entityNameOf(domain),
    columns: {
      aggregateId: { name: 'aggregate_id', type: text },
      aggregateVersion: { name: 'aggregate_version', type: bigintNumber },
      name: { name: 'name', type: text },
      data: { name: 'data', type: eventData },
      occurredAt: { name: 'occurred_at', type: timestamptz },
      userId: { name: 'user_id', type: text },
      commandId: { name: 'command_id', type: text },
    },
    primaryKey: ['aggregateId', 'aggregateVersion'],
    insertOnly: true,
    keyOf: (row) => eventHistoryKey(row.aggregateId, row.aggregateVersion),
    primaryKeyOf(key) {
      const { id, number } = splitNumberedKey(key, 'event history (aggregateId:version)');
      return { aggregateId: id, aggregateVersion: number };
    },
  });
}

/**
 * The table of `eventHistoryReadModel(domain)`. Narrow on purpose: the event's data is one
 * jsonb document, and the primary key is the only index. `version` is the projector's row
 * version (1: one event per row); the event's own version is `aggregate_version`.
 */
export function eventHistoryTableSql(domain: string): string {
  return `
        CREATE TABLE ${eventHistoryProjection(domain).name} (
          aggregate_id text NOT NULL,
          aggregate_version bigint NOT NULL,
          name text NOT NULL,
          data jsonb NOT NULL,
          occurred_at timestamptz NOT NULL,
          user_id text NOT NULL,
          command_id text NOT NULL,
          version bigint NOT NULL,
          PRIMARY KEY (aggregate_id, aggregate_version)
        )`;
}
