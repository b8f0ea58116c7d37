/**
 * `store_stats`: live sales figures per store, published to `views.store_stats`.
 *
 * One row gathers events of many orders, which reach the projector interleaved across
 * partitions in no fixed order. Every change below is therefore order-independent (counter
 * moves, sums, the newest-bucket window, the latest `updatedAt`), so a rebuild replaying
 * partitions in another interleaving yields the same row. Money is kept per currency: cents
 * of different currencies are never added together.
 */
import type { orders } from '../../../../schemas/generated';
import { isStaff } from '../../../access';
import type { RecordedEvent } from '../../../decider';
import type { Projection } from '../../../projection';
import type { OrderEvent, OrderStatus } from '../../state';
import { addGrossRevenue } from './minute-buckets';

/** The currency of refunds recorded by OrderCancelled v1, which carried none (ISO 4217 "no currency"). */
export const UNKNOWN_CURRENCY = 'XXX';

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
        const { amountCents, currency } = event.data;
        stats.revenueByCurrency = addToCurrency(stats.revenueByCurrency, currency, amountCents, 0);
        stats.grossRevenueByMinute = addGrossRevenue(stats.grossRevenueByMinute, event.occurredAt, currency, amountCents);
        return moveOrder(stats, 'PLACED', 'PAID');
      }
      case 'OrderShipped':
        return moveOrder(stats, 'PAID', 'SHIPPED');
      case 'OrderCancelled':
        // Refunds lower the net; the minute buckets keep payments (gross) as they happened.
        if (event.data.refundCents > 0) stats.revenueByCurrency = addToCurrency(stats.revenueByCurrency, event.data.currency ?? UNKNOWN_CURRENCY, 0, event.data.refundCents);
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
    revenueByCurrency: [],
    grossRevenueByMinute: [],
    updatedAt: at,
  };
}

/** `revenue` with `grossCents` and `refundedCents` added to `currency`'s entry, sorted by currency. */
function addToCurrency(revenue: readonly orders.CurrencyRevenue[], currency: string, grossCents: number, refundedCents: number): orders.CurrencyRevenue[] {
  const current = revenue.find((entry) => entry.currency === currency) ?? { currency, grossCents: 0, refundedCents: 0, netCents: 0 };
  const gross = current.grossCents + grossCents;
  const refunded = current.refundedCents + refundedCents;
  const updated = { currency, grossCents: gross, refundedCents: refunded, netCents: gross - refunded };
  return [...revenue.filter((entry) => entry.currency !== currency), updated].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** Moves one order between status counters of a row the caller owns. */
function moveOrder(stats: StoreStatsRow, from: OrderStatus, to: Exclude<OrderStatus, 'NONE'>): StoreStatsRow {
  if (from !== 'NONE') stats[COUNTER_OF[from]] -= 1;
  stats[COUNTER_OF[to]] += 1;
  stats.openOrders = stats.ordersPlaced + stats.ordersPaid;
  return stats;
}
