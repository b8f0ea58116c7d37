import { describe, expect, it } from '@jest/globals';
import type { orders } from '../../../schemas/generated';
import { commandFromRecord, evolveAll, recordEvents, type RecordedEvent } from '../../../domains/decider';
import { ordersDecider, type OrderPlaced } from '../../../domains/orders';
import { orderPaid, orderPlaced } from './orders/fixtures';
import { metadataFor } from './support/records';

describe('decider helpers', () => {
  it('gives a decoded command record the decider shape', () => {
    const issuedAt = new Date('2025-01-01T12:00:00Z');
    const record = { commandId: 'c1', aggregateId: 'o1', userId: 'u1', roles: ['staff'], correlationId: 'k1', issuedAt, data: { amountCents: 5 } };
    expect(commandFromRecord('PayOrder', record)).toEqual({
      type: 'PayOrder',
      data: { amountCents: 5 },
      metadata: { commandId: 'c1', aggregateId: 'o1', userId: 'u1', roles: ['staff'], correlationId: 'k1', issuedAt },
    });
  });

  it('stamps decided events with consecutive versions and the command envelope', () => {
    const metadata = metadataFor('o1', 'u1');
    const occurredAt = new Date('2025-01-01T12:00:01Z');
    const envelope = { aggregateId: 'o1', commandId: metadata.commandId, userId: 'u1', occurredAt };
    expect(recordEvents([orderPlaced(), orderPaid()], { metadata, previousVersion: 4, occurredAt })).toEqual([
      { ...orderPlaced(), ...envelope, version: 5 },
      { ...orderPaid(), ...envelope, version: 6 },
    ]);
  });

  it('records exactly the generated event records, plus their type', () => {
    const metadata = metadataFor('o1');
    const [event] = recordEvents([orderPlaced()], { metadata, previousVersion: 0, occurredAt: new Date() });
    // Compile-time half: a recorded event is a generated record, and a record plus its type is a recorded event.
    const record: orders.OrderPlaced = event!;
    const back: RecordedEvent<OrderPlaced> = { ...record, type: 'OrderPlaced' };
    expect(back).toEqual(event);
  });

  it('folds events from the initial state or from a restored one', () => {
    const placed = evolveAll(ordersDecider, [orderPlaced()]);
    expect(placed.status).toBe('PLACED');
    expect(evolveAll(ordersDecider, [orderPaid()], placed)).toMatchObject({ status: 'PAID', paidCents: 250 });
    expect(evolveAll(ordersDecider, [])).toEqual(ordersDecider.initialState());
  });
});
