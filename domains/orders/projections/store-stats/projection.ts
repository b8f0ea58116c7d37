/**
 * `store_stats`: live sales figures per store, published to `views.store_stats`.
 *
 * One row gathers events of many orders, which reach the projector interleaved across
 * partitions in no fixed order. Every change below is therefore order-independent (counter
 * moves, sums, the newest-bucket window, the latest `updatedAt`), so a rebuild replaying
 * partitions in another interleaving yields the same row.
 */
import type { orders } from '../../../../schemas/generated';
import { isStaff } from '../../../access';
import type { RecordedEvent } from '../../../decider';
import type { Projection } from '../../../projection';
import type { OrderEvent, OrderStatus } from '../../state';
import { addRevenue } from './minute-buckets';

/** The view record without `version`, which the projector owns (see domains/projection.ts). */
export type StoreStatsRow = Omit<orders.StoreStats, 'version'>;

/** The counter holding orders currently in each status (NONE: not an order yet). */
const COUNTER_OF = {
  PLACED: 'ordersPlaced',
  PAID: 'ordersPaid',
  SHIPPED: 'ordersShipped',
  CANCELLED: 'ordersCancelled',
} as const satisfies Record<Exclude<OrderStatus, 'NONE'>, keyof StoreStatsRow>;

export const storeStatsProjection: Projection<StoreStatsRow, RecordedEvent<OrderEvent>> = {
  name: 'store_stats',
  view: 'store_stats',
  // A store's figures sum every customer's orders: staff only.
  readableBy: isStaff,
  // Every order event carries its storeId so that this needs no lookup.
  keyOf: (event) => event.data.storeId,
  apply(row, event) {
    const stats = { ...(row ?? emptyStats(event.data.storeId, event.occurredAt)) };
    if (event.occurredAt > stats.updatedAt) stats.updatedAt = event.occurredAt;
    switch (event.type) {
      case 'OrderPlaced':
        return moveOrder(stats, 'NONE', 'PLACED');
      case 'OrderPaid': {
        const { amountCents } = event.data;
        stats.paidRevenueCents += amountCents;
        stats.revenueByMinute = addRevenue(stats.revenueByMinute, event.occurredAt, amountCents);
        return moveOrder(stats, 'PLACED', 'PAID');
      }
      case 'OrderShipped':
        return moveOrder(stats, 'PAID', 'SHIPPED');
      case 'OrderCancelled':
        // Refunds lower the revenue total; the minute buckets keep payments as they happened.
        stats.paidRevenueCents -= event.data.refundCents;
        return moveOrder(stats, event.data.previousStatus, 'CANCELLED');
    }
  },
};

function emptyStats(storeId: string, at: Date): StoreStatsRow {
  return {
    storeId,
    ordersPlaced: 0,
    ordersPaid: 0,
    ordersShipped: 0,
    ordersCancelled: 0,
    openOrders: 0,
    paidRevenueCents: 0,
    revenueByMinute: [],
    updatedAt: at,
  };
}

/** Moves one order between status counters of a row the caller owns. */
function moveOrder(stats: StoreStatsRow, from: OrderStatus, to: Exclude<OrderStatus, 'NONE'>): StoreStatsRow {
  if (from !== 'NONE') stats[COUNTER_OF[from]] -= 1;
  stats[COUNTER_OF[to]] += 1;
  stats.openOrders = stats.ordersPlaced + stats.ordersPaid;
  return stats;
}
