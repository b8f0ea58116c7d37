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
      paidRevenueCents: 350,
      revenueByMinute: [
        { minute: minute('12:00'), revenueCents: 250 },
        { minute: minute('12:01'), revenueCents: 100 },
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
      paidRevenueCents: 250,
      // Buckets keep payments as they happened; the refund shows in paidRevenueCents only.
      revenueByMinute: [
        { minute: minute('12:00'), revenueCents: 250 },
        { minute: minute('12:01'), revenueCents: 100 },
      ],
      updatedAt: new Date('2025-01-01T12:04:00Z'),
    });
    expect(statsAfter(history, 'store-9')).toMatchObject({ ordersPlaced: 1, openOrders: 1, paidRevenueCents: 0, revenueByMinute: [] });
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
    expect(statsAfter(payments('12:30:59.999', '12:30:00', '12:31:00', '12:05:00'))?.revenueByMinute).toEqual([
      { minute: minute('12:05'), revenueCents: 40 },
      { minute: minute('12:30'), revenueCents: 30 },
      { minute: minute('12:31'), revenueCents: 30 },
    ]);
  });

  it(`keeps only the ${REVENUE_WINDOW_MINUTES} minutes that end with the newest bucket`, () => {
    const stats = statsAfter(payments('12:00:00', '12:01:00', '12:59:00', '13:00:30'));
    expect(stats?.revenueByMinute).toEqual([
      { minute: minute('12:01'), revenueCents: 20 },
      { minute: minute('12:59'), revenueCents: 30 },
      { minute: minute('13:00'), revenueCents: 40 },
    ]);
    expect(stats?.paidRevenueCents).toBe(100);
  });

  it('drops a late payment older than the window but counts it in the revenue total', () => {
    const stats = statsAfter(payments('13:00:00', '12:45:00', '11:30:00'));
    expect(stats?.revenueByMinute).toEqual([
      { minute: minute('12:45'), revenueCents: 20 },
      { minute: minute('13:00'), revenueCents: 10 },
    ]);
    expect(stats?.paidRevenueCents).toBe(60);
  });

  it('holds at most one bucket per minute of the window', () => {
    const times = Array.from({ length: 61 }, (_, i) => `1${2 + Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:00`);
    const buckets = statsAfter(payments(...times))?.revenueByMinute ?? [];
    expect(buckets).toHaveLength(REVENUE_WINDOW_MINUTES);
    expect(buckets[0]?.minute).toEqual(minute('12:01'));
    expect(buckets.at(-1)?.minute).toEqual(minute('13:00'));
  });
});
