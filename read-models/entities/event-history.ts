/**
 * `orders_event_history`, `chat_event_history`: every event of a domain as recorded, primary
 * key (aggregate_id, aggregate_version), so "the versions of one aggregate after N" is one
 * index range scan. The same definition serves every domain (domains/event-history).
 */
import { chatEventHistoryProjection } from '../../domains/chat';
import { eventHistoryKey, type EventHistoryRow, type Projection } from '../../domains';
import { ordersEventHistoryProjection } from '../../domains/orders';
import { bigintNumber, jsonb, text, timestamptz } from '../column-types';
import { defineReadModel, type ReadModel } from '../read-model';
import { splitNumberedKey } from './numbered-key';

export type EventHistoryReadModel = ReadModel<EventHistoryRow, 'aggregateId' | 'aggregateVersion'>;

/** Stored as the record had it; JSON carries everything event data holds (no timestamps inside data). */
const eventData = jsonb<unknown>((json) => json);

function defineEventHistoryReadModel(projection: Projection<EventHistoryRow>, entityName: string): EventHistoryReadModel {
  return defineReadModel<EventHistoryRow, 'aggregateId' | 'aggregateVersion'>({
    projection,
    table: projection.name,
    entityName,
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

export const ordersEventHistoryReadModel = defineEventHistoryReadModel(ordersEventHistoryProjection, 'OrderEventHistory');
export const chatEventHistoryReadModel = defineEventHistoryReadModel(chatEventHistoryProjection, 'ChatEventHistory');
