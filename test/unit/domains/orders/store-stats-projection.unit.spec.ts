import { describe, expect, it } from '@jest/globals';
import { REVENUE_WINDOW_MINUTES, storeStatsProjection, type OrderEvent, type StoreStatsRow } from '../../../../domains/orders';
import { projectAll } from '../../../../domains/projection';
import type { RecordedEvent } from '../../../../domains/decider';
import { recorded } from '../support/records';
import { orderCancelled, orderPaid, orderPlaced, orderShipped, STORE_ID } from './fixtures';

const minute = (hhmm: string) => new Date(`2025-01-01T${hhmm}:00.000Z`);

function statsAfter(events: RecordedEvent<OrderEvent>[], storeId = STORE_ID): StoreStatsRow | undefined {
  return projectAll(storeStatsProjection, events).get(storeId);
}

/**
 * o1: placed 250, paid 12:00:30, shipped.       o2: placed 100, paid 12:01:59, cancelled (refund 100).
 * o3: placed 40, cancelled unpaid.              o4: placed 75 in store-9.     o5: placed 60, still open.
 */
const history = [
  recorded(orderPlaced(STORE_ID, 250), 'o1', 1, '2025-01-01T12:00:10Z'),
  recorded(orderPlaced(STORE_ID, 100), 'o2', 1, '2025-01-01T12:00:20Z'),
  recorded(orderPaid(STORE_ID, 250), 'o1', 2, '2025-01-01T12:00:30Z'),
  recorded(orderPlaced(STORE_ID, 40), 'o3', 1, '2025-01-01T12:01:05Z'),
  recorded(orderPlaced('store-9', 75), 'o4', 1, '2025-01-01T12:01:10Z'),
  recorded(orderPaid(STORE_ID, 100), 'o2', 2, '2025-01-01T12:01:59.999Z'),
  recorded(orderShipped(STORE_ID), 'o1', 3, '2025-01-01T12:02:00Z'),
  recorded(orderCancelled('PAID', 100), 'o2', 3, '2025-01-01T12:03:00Z'),
  recorded(orderCancelled('PLACED', 0), 'o3', 2, '2025-01-01T12:03:30Z'),
  recorded(orderPlaced(STORE_ID, 60), 'o5', 1, '2025-01-01T12:04:00Z'),
];

describe('store_stats projection', () => {
  it('is published as the store_stats view, keyed by store', () => {
    expect(storeStatsProjection.view).toBe('store_stats');
    expect(storeStatsProjection.keyOf(history[4]!)).toBe('store-9');
  });

  it('counts orders by their current status while they move', () => {
    expect(statsAfter(history.slice(0, 6))).toEqual({
      storeId: STORE_ID,
      ordersPlaced: 1,
      ordersPaid: 2,
      ordersShipped: 0,
      ordersCancelled: 0,
      openOrders: 3,
      revenueByCurrency: [{ currency: 'EUR', grossCents: 350, refundedCents: 0, netCents: 350 }],
      grossRevenueByMinute: [
        { minute: minute('12:00'), currency: 'EUR', grossCents: 250 },
        { minute: minute('12:01'), currency: 'EUR', grossCents: 100 },
      ],
      updatedAt: new Date('2025-01-01T12:01:59.999Z'),
    });
  });

  it('moves cancelled orders out of their previous status and refunds paid ones out of revenue', () => {
    expect(statsAfter(history)).toEqual({
      storeId: STORE_ID,
      ordersPlaced: 1,
      ordersPaid: 0,
      ordersShipped: 1,
      ordersCancelled: 2,
      openOrders: 1,
      revenueByCurrency: [{ currency: 'EUR', grossCents: 350, refundedCents: 100, netCents: 250 }],
      // Buckets keep payments as they happened (gross); the refund shows in revenueByCurrency only.
      grossRevenueByMinute: [
        { minute: minute('12:00'), currency: 'EUR', grossCents: 250 },
        { minute: minute('12:01'), currency: 'EUR', grossCents: 100 },
      ],
      updatedAt: new Date('2025-01-01T12:04:00Z'),
    });
    expect(statsAfter(history, 'store-9')).toMatchObject({ ordersPlaced: 1, openOrders: 1, revenueByCurrency: [], grossRevenueByMinute: [] });
  });

  it('keeps the latest updatedAt when stores receive events out of time order', () => {
    const late = [history[0]!, history[2]!, recorded(orderPlaced(STORE_ID, 10), 'o9', 1, '2025-01-01T11:00:00Z')];
    expect(statsAfter(late)?.updatedAt).toEqual(new Date('2025-01-01T12:00:30Z'));
  });
});

describe('store_stats revenue by minute', () => {
  /** One order per payment, so each payment is a valid history on its own. */
  const payments = (...paidAt: string[]) =>
    paidAt.flatMap((at, index) => [
      recorded(orderPlaced(STORE_ID, 10 * (index + 1)), `p${index}`, 1, '2025-01-01T11:00:00Z'),
      recorded(orderPaid(STORE_ID, 10 * (index + 1)), `p${index}`, 2, `2025-01-01T${at}Z`),
    ]);

  it('buckets payments by the UTC minute they happened in, oldest first', () => {
    expect(statsAfter(payments('12:30:59.999', '12:30:00', '12:31:00', '12:05:00'))?.grossRevenueByMinute).toEqual([
      { minute: minute('12:05'), currency: 'EUR', grossCents: 40 },
      { minute: minute('12:30'), currency: 'EUR', grossCents: 30 },
      { minute: minute('12:31'), currency: 'EUR', grossCents: 30 },
    ]);
  });

  it(`keeps only the ${REVENUE_WINDOW_MINUTES} minutes that end with the newest bucket`, () => {
    const stats = statsAfter(payments('12:00:00', '12:01:00', '12:59:00', '13:00:30'));
    expect(stats?.grossRevenueByMinute).toEqual([
      { minute: minute('12:01'), currency: 'EUR', grossCents: 20 },
      { minute: minute('12:59'), currency: 'EUR', grossCents: 30 },
      { minute: minute('13:00'), currency: 'EUR', grossCents: 40 },
    ]);
    expect(stats?.revenueByCurrency).toEqual([{ currency: 'EUR', grossCents: 100, refundedCents: 0, netCents: 100 }]);
  });

  it('drops a late payment older than the window but counts it in the revenue per currency', () => {
    const stats = statsAfter(payments('13:00:00', '12:45:00', '11:30:00'));
    expect(stats?.grossRevenueByMinute).toEqual([
      { minute: minute('12:45'), currency: 'EUR', grossCents: 20 },
      { minute: minute('13:00'), currency: 'EUR', grossCents: 10 },
    ]);
    expect(stats?.revenueByCurrency).toEqual([{ currency: 'EUR', grossCents: 60, refundedCents: 0, netCents: 60 }]);
  });

  it('holds at most one bucket per minute of the window', () => {
    const times = Array.from({ length: 61 }, (_, i) => `1${2 + Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:00`);
    const buckets = statsAfter(payments(...times))?.grossRevenueByMinute ?? [];
    expect(buckets).toHaveLength(REVENUE_WINDOW_MINUTES);
    expect(buckets[0]?.minute).toEqual(minute('12:01'));
    expect(buckets.at(-1)?.minute).toEqual(minute('13:00'));
  });
});

describe('store_stats money per currency', () => {
  it('never adds cents of different currencies: totals and minute buckets per currency', () => {
    const stats = statsAfter([
      recorded(orderPlaced(STORE_ID, 500), 'e1', 1, '2025-01-01T12:00:00Z'),
      recorded(orderPaid(STORE_ID, 500, 'EUR'), 'e1', 2, '2025-01-01T12:00:10Z'),
      recorded(orderPlaced(STORE_ID, 700), 'u1', 1, '2025-01-01T12:00:00Z'),
      recorded(orderPaid(STORE_ID, 700, 'USD'), 'u1', 2, '2025-01-01T12:00:20Z'),
      recorded(orderCancelled('PAID', 700, STORE_ID, 'USD'), 'u1', 3, '2025-01-01T12:01:00Z'),
    ]);
    expect(stats?.revenueByCurrency).toEqual([
      { currency: 'EUR', grossCents: 500, refundedCents: 0, netCents: 500 },
      { currency: 'USD', grossCents: 700, refundedCents: 700, netCents: 0 },
    ]);
    expect(stats?.grossRevenueByMinute).toEqual([
      { minute: minute('12:00'), currency: 'EUR', grossCents: 500 },
      { minute: minute('12:00'), currency: 'USD', grossCents: 700 },
    ]);
  });

  it('counts the refund of an OrderCancelled v1 (no currency) under XXX rather than guess', () => {
    const stats = statsAfter([
      recorded(orderPlaced(STORE_ID, 500), 'e1', 1, '2025-01-01T12:00:00Z'),
      recorded(orderPaid(STORE_ID, 500, 'EUR'), 'e1', 2, '2025-01-01T12:00:10Z'),
      recorded(orderCancelled('PAID', 500, STORE_ID, null), 'e1', 3, '2025-01-01T12:01:00Z'),
    ]);
    expect(stats?.revenueByCurrency).toEqual([
      { currency: 'EUR', grossCents: 500, refundedCents: 0, netCents: 500 },
      { currency: 'XXX', grossCents: 0, refundedCents: 500, netCents: -500 },
    ]);
  });
});
