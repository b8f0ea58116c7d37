/** The order-fulfilment workflow's react: pure, event and state in, commands and state out. */
import { describe, expect, it } from '@jest/globals';
import { defineWorkflow, workflows } from '../../../domains';
import { OUT_OF_STOCK, reactToFulfilmentEvent, type FulfilmentEvent } from '../../../domains/workflows/order-fulfilment';
import { recorded } from '../domains/support/records';

const at = '2025-01-01T12:00:00Z';
const fromOrders = (event: Parameters<typeof recorded>[0], orderId: string, version: number) => ({ ...recorded(event, orderId, version, at), domain: 'orders' }) as FulfilmentEvent;
const fromInventory = (event: Parameters<typeof recorded>[0], storeId: string, version: number) => ({ ...recorded(event, storeId, version, at, 'workflow:order-fulfilment'), domain: 'inventory' }) as FulfilmentEvent;

const placed = fromOrders(
  {
    type: 'OrderPlaced',
    data: { storeId: 'store-1', customerId: 'c-1', currency: 'EUR', totalCents: 1_300, items: [{ sku: 'a', qty: 2, priceCents: 500 }, { sku: 'b', qty: 1, priceCents: 300 }] },
  },
  'o-1',
  1,
);
const cancelled = fromOrders({ type: 'OrderCancelled', data: { storeId: 'store-1', reason: 'changed my mind', previousStatus: 'PLACED', refundCents: 0 } }, 'o-1', 2);

describe('order fulfilment', () => {
  it('reserves a placed order\'s lines in its store\'s stock', () => {
    expect(reactToFulfilmentEvent(placed, { reservationRequested: false })).toEqual({
      commands: [{ domain: 'inventory', name: 'ReserveStock', aggregateId: 'store-1', data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] } }],
      state: { reservationRequested: true },
    });
  });

  it('cancels the order when its reservation is refused', () => {
    const refused = fromInventory({ type: 'StockReservationRefused', data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }], shortSkus: ['a'] } }, 'store-1', 3);
    expect(reactToFulfilmentEvent(refused, { reservationRequested: false })).toEqual({
      commands: [{ domain: 'orders', name: 'CancelOrder', aggregateId: 'o-1', data: { reason: OUT_OF_STOCK } }],
      state: { reservationRequested: false },
    });
  });

  it('releases a cancelled order\'s reservation, once, and is done with the order', () => {
    const first = reactToFulfilmentEvent(cancelled, { reservationRequested: true });
    expect(first).toEqual({
      commands: [{ domain: 'inventory', name: 'ReleaseStock', aggregateId: 'store-1', data: { orderId: 'o-1' } }],
      state: { reservationRequested: false },
      done: true,
    });
    expect(reactToFulfilmentEvent(cancelled, first.state)).toEqual({ commands: [], state: { reservationRequested: false }, done: true });
  });

  it('is done with a shipped order, sending nothing', () => {
    const shipped = fromOrders({ type: 'OrderShipped', data: { storeId: 'store-1', carrier: 'DHL', trackingNumber: null } }, 'o-1', 3);
    expect(reactToFulfilmentEvent(shipped, { reservationRequested: true })).toEqual({ commands: [], state: { reservationRequested: true }, done: true });
  });

  it('ignores the events it does not react to', () => {
    const received = fromInventory({ type: 'StockReceived', data: { sku: 'a', qty: 5 } }, 'store-1', 1);
    const reserved = fromInventory({ type: 'StockReserved', data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }] } }, 'store-1', 2);
    const paid = fromOrders({ type: 'OrderPaid', data: { storeId: 'store-1', amountCents: 1_300, currency: 'EUR' } }, 'o-1', 2);
    for (const event of [received, reserved, paid]) expect(reactToFulfilmentEvent(event, { reservationRequested: true })).toEqual({ commands: [], state: { reservationRequested: true } });
  });

  it('is registered, acting as staff under its own user id', () => {
    const [workflow] = workflows;
    expect(workflow).toMatchObject({ name: 'order-fulfilment', sources: ['orders', 'inventory'], actor: { userId: 'workflow:order-fulfilment', roles: ['staff'] } });
  });
});

describe('defineWorkflow', () => {
  const react = () => ({ commands: [], state: null });
  it.each(['Order', 'order_fulfilment', '-x', 'x'.repeat(41)])('refuses the name %p', (name) => {
    expect(() => defineWorkflow({ name, sources: ['orders'], initialState: () => null, react })).toThrow(/workflow name/);
  });

  it('refuses a workflow with no source', () => {
    expect(() => defineWorkflow({ name: 'idle', sources: [], initialState: () => null, react })).toThrow('workflow idle reacts to no domain');
  });
});
