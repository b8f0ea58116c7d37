/** The read-model definitions: one per projection, rows ↔ columns both ways, row keys ↔ primary keys. */
import { describe, expect, it } from '@jest/globals';
import { domains } from '../../../domains';
import { messageKey, messagesProjection } from '../../../domains/chat';
import { storeStatsProjection } from '../../../domains/orders';
import { InternalError } from '../../../platform/errors';
import { decodeRow, defineReadModel, entities, findReadModel, findReadModelByView, readModels, text, VERSION_COLUMN } from '../../../read-models';
import { ordersReadModel, storeStatsReadModel } from '../../../domains/orders';
import { messagesReadModel } from '../../../domains/chat';

/** What node-postgres hands back for a stored row: MikroORM's pool returns int8 and timestamptz as text. */
function asStored(model: typeof storeStatsReadModel | typeof ordersReadModel | typeof messagesReadModel, row: Record<string, unknown>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [property, column] of model.columnList) {
    const value = column.type.toSql(row[property] as never);
    if (value === null) stored[column.name] = null;
    else if (column.type.sql === 'bigint') stored[column.name] = String(value);
    else if (column.type.sql === 'timestamptz') stored[column.name] = (value as string).replace('T', ' ').replace('Z', '+00');
    else if (column.type.sql === 'jsonb') stored[column.name] = JSON.parse(value as string);
    else stored[column.name] = value;
  }
  stored[VERSION_COLUMN.name] = String(row.version);
  return stored;
}

describe('read-model definitions', () => {
  it('define exactly one read model per projection, each with its MikroORM entity', () => {
    const projections = domains.flatMap((domain) => domain.projections);
    expect(readModels.map((model) => model.projection)).toEqual(projections);
    for (const projection of projections) expect(findReadModel(projection.name)?.projection).toBe(projection);
    expect(entities).toEqual(readModels.map((model) => model.entity));
    expect(findReadModelByView('store_stats')).toBe(storeStatsReadModel);
    expect(findReadModelByView('orders')).toBeUndefined();
  });

  it('map store_stats rows to columns and back, minute buckets and cents included', () => {
    const row = {
      storeId: 'store-7',
      ordersPlaced: 1,
      ordersPaid: 2,
      ordersShipped: 0,
      ordersCancelled: 1,
      openOrders: 3,
      revenueByCurrency: [{ currency: 'EUR', grossCents: 90_071_992_547, refundedCents: 0, netCents: 90_071_992_547 }],
      grossRevenueByMinute: [
        { minute: new Date('2025-01-01T12:00:00.000Z'), currency: 'EUR', grossCents: 250 },
        { minute: new Date('2025-01-01T12:01:00.000Z'), currency: 'EUR', grossCents: 100 },
      ],
      updatedAt: new Date('2025-01-01T12:01:30.123Z'),
      version: 4,
    };
    expect(decodeRow(storeStatsReadModel, asStored(storeStatsReadModel, row))).toEqual(row);
  });

  it('map nullable order columns, and timestamps whether pg returns text or Date', () => {
    const row = {
      orderId: 'o-1',
      storeId: 's-1',
      customerId: 'c-1',
      status: 'PAID',
      totalCents: 1000,
      currency: 'EUR',
      itemCount: 2,
      carrier: null,
      trackingNumber: null,
      cancelReason: null,
      placedAt: new Date('2025-01-01T12:00:00.000Z'),
      paidAt: new Date('2025-01-01T12:05:00.000Z'),
      shippedAt: null,
      cancelledAt: null,
      updatedAt: new Date('2025-01-01T12:05:00.000Z'),
      version: 2,
    };
    const stored = asStored(ordersReadModel, row);
    expect(decodeRow(ordersReadModel, stored)).toEqual(row);
    expect(decodeRow(ordersReadModel, { ...stored, placed_at: row.placedAt }).placedAt).toEqual(row.placedAt);
  });

  it('turn message row keys into (room_id, seq) and back, even for room ids with colons', () => {
    for (const [roomId, seq] of [['room-1', 1], ['a:b:c', 42], ['', 7]] as const) {
      const key = messageKey(roomId, seq);
      expect(messagesReadModel.primaryKeyOf(key)).toEqual({ roomId, seq });
      expect(messagesReadModel.keyOf({ roomId, seq })).toBe(key);
    }
    expect(() => messagesReadModel.primaryKeyOf('room-1')).toThrow(InternalError);
    expect(() => messagesReadModel.primaryKeyOf('room-1:')).toThrow(InternalError);
  });

  it('refuse identifiers that are not plain SQL names, and views without a record subject', () => {
    const spec = {
      projection: messagesProjection,
      table: 'messages',
      entityName: 'Message',
      columns: messagesReadModel.columns,
      primaryKey: ['roomId', 'seq'] as const,
      keyOf: messagesReadModel.keyOf,
      primaryKeyOf: messagesReadModel.primaryKeyOf,
    };
    expect(() => defineReadModel({ ...spec, table: 'messages; DROP TABLE orders' })).toThrow(InternalError);
    expect(() => defineReadModel({ ...spec, columns: { ...spec.columns, text: { name: 'Text', type: text } } })).toThrow(InternalError);
    expect(() => defineReadModel({ ...spec, viewSubject: 'eventline.chat.Message' })).toThrow(InternalError);
    expect(() => defineReadModel({ ...storeStatsReadModel, projection: storeStatsProjection, viewSubject: undefined })).toThrow(InternalError);
  });
});
