import { describe, expect, it } from '@jest/globals';
import { InternalError } from '../../../../platform/errors';
import { ordersProjection, type OrderRow } from '../../../../domains/orders';
import { projectAll } from '../../../../domains/projection';
import { recorded } from '../support/records';
import { orderCancelled, orderPaid, orderPlaced, orderShipped, ORDER_ID, STORE_ID } from './fixtures';

const placedRow: OrderRow = {
  orderId: ORDER_ID,
  storeId: STORE_ID,
  customerId: 'customer-1',
  status: 'PLACED',
  totalCents: 250,
  currency: 'EUR',
  itemCount: 3,
  carrier: null,
  trackingNumber: null,
  cancelReason: null,
  placedAt: new Date('2025-01-01T12:00:00Z'),
  paidAt: null,
  shippedAt: null,
  cancelledAt: null,
  updatedAt: new Date('2025-01-01T12:00:00Z'),
};

describe('orders projection', () => {
  it('keeps one row per order that follows it from placed to shipped', () => {
    const rows = projectAll(ordersProjection, [
      recorded(orderPlaced(), ORDER_ID, 1, '2025-01-01T12:00:00Z'),
      recorded(orderPaid(), ORDER_ID, 2, '2025-01-01T12:05:00Z'),
      recorded(orderShipped(), ORDER_ID, 3, '2025-01-02T09:00:00Z'),
    ]);
    expect([...rows.keys()]).toEqual([ORDER_ID]);
    expect(rows.get(ORDER_ID)).toEqual({
      ...placedRow,
      status: 'SHIPPED',
      carrier: 'DHL',
      trackingNumber: 'TRACK-1',
      paidAt: new Date('2025-01-01T12:05:00Z'),
      shippedAt: new Date('2025-01-02T09:00:00Z'),
      updatedAt: new Date('2025-01-02T09:00:00Z'),
    });
  });

  it('records the cancellation and its reason', () => {
    const rows = projectAll(ordersProjection, [
      recorded(orderPlaced(), ORDER_ID, 1, '2025-01-01T12:00:00Z'),
      recorded(orderCancelled('PLACED', 0), ORDER_ID, 2, '2025-01-01T12:10:00Z'),
    ]);
    expect(rows.get(ORDER_ID)).toEqual({
      ...placedRow,
      status: 'CANCELLED',
      cancelReason: 'changed my mind',
      cancelledAt: new Date('2025-01-01T12:10:00Z'),
      updatedAt: new Date('2025-01-01T12:10:00Z'),
    });
  });

  it('refuses to invent a row for an order it never saw placed', () => {
    expect(() => ordersProjection.apply(undefined, recorded(orderPaid(), ORDER_ID, 2, '2025-01-01T12:00:00Z'))).toThrow(
      InternalError,
    );
  });
});
