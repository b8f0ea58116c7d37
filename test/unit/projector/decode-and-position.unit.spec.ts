/** Decoding a batch (one decode per record, non-events set aside) and where a partition starts. */
import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import { chatDomain } from '../../../domains/chat';
import { ordersDomain } from '../../../domains/orders';
import { DecodeError } from '../../../platform/errors';
import type { Checkpoint } from '../../../read-models';
import { createCodec } from '../../../schemas';
import { decodeBatch, startOffsets } from '../../../services/projector';

const codec = createCodec();
const message = (offset: number, value: Buffer | null): KafkaMessage => ({ offset: String(offset), value, key: null, timestamp: '0', attributes: 0, headers: {} });
const placedRecord = {
  aggregateId: 'o-1',
  version: 1,
  commandId: 'c-1',
  userId: 'alice',
  occurredAt: new Date('2025-01-01T12:00:00.000Z'),
  data: { storeId: 's-1', customerId: 'c', items: [{ sku: 'x', qty: 1, priceCents: 100 }], currency: 'EUR', totalCents: 100 },
};

describe('decodeBatch', () => {
  it('turns records into events with their type and offset, and sets aside what is not an event of the domain', () => {
    const { events, undecodable } = decodeBatch(codec, ordersDomain, [
      message(5, codec.encode('eventline.orders.OrderPlaced', placedRecord)),
      message(6, Buffer.from('garbage')),
      message(7, null),
      message(8, codec.encode('eventline.chat.RoomCreated', { ...placedRecord, data: { title: 't', createdBy: 'alice', private: false } })),
      message(9, codec.encode('eventline.orders.PlaceOrder', { commandId: 'c', aggregateId: 'o', userId: 'u', roles: [], correlationId: null, issuedAt: new Date(0), data: placedRecord.data })),
    ]);
    expect(events.map(({ offset, event }) => [offset, event.type, event.aggregateId])).toEqual([[5, 'OrderPlaced', 'o-1']]);
    expect(events[0]!.event).toMatchObject({ ...placedRecord, type: 'OrderPlaced' });
    expect(undecodable.map(({ offset }) => offset)).toEqual([6, 7, 8, 9]);
    expect(undecodable.slice(1).every(({ error }) => error instanceof DecodeError)).toBe(true);
    expect(decodeBatch(codec, chatDomain, [message(0, codec.encode('eventline.orders.OrderPlaced', placedRecord))]).undecodable).toHaveLength(1);
  });
});

describe('startOffsets', () => {
  const checkpoint = (projection: string, partition: number, lastOffset: number): Checkpoint => ({ projection, partition, lastOffset, pendingViewKeys: [] });

  it('starts after the lowest checkpoint of the projections, and at 0 while one has none', () => {
    const starts = startOffsets(['orders', 'store_stats'], [0, 1, 2, 3], [
      checkpoint('orders', 0, 41),
      checkpoint('store_stats', 0, 41),
      checkpoint('orders', 1, 9),
      checkpoint('store_stats', 1, 5),
      checkpoint('orders', 2, 100),
      checkpoint('orders', 3, -1),
      checkpoint('store_stats', 3, -1),
    ]);
    expect(Object.fromEntries(starts)).toEqual({ 0: 42, 1: 6, 2: 0, 3: 0 });
  });
});
