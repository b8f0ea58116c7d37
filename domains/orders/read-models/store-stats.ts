/** `store_stats`: live sales figures per store (key storeId), published to `views.store_stats`. */
import { storeStatsProjection, type StoreStatsRow } from '../projections/store-stats';
import type { orders } from '../../../schemas/generated';
import { bigintNumber, defineReadModel, jsonb, text, timestamptz } from '../../../read-models/define';

/** JSON keeps each bucket's minute as an ISO string; the row holds it as a Date again. */
function minutesFromJson(json: unknown): orders.MinuteGrossRevenue[] {
  return (json as { minute: string; currency: string; grossCents: number }[]).map(({ minute, currency, grossCents }) => ({ minute: new Date(minute), currency, grossCents }));
}

export const storeStatsReadModel = defineReadModel<StoreStatsRow, 'storeId'>({
  projection: storeStatsProjection,
  table: 'store_stats',
  entityName: 'StoreStats',
  columns: {
    storeId: { name: 'store_id', type: text },
    ordersPlaced: { name: 'orders_placed', type: bigintNumber },
    ordersPaid: { name: 'orders_paid', type: bigintNumber },
    ordersShipped: { name: 'orders_shipped', type: bigintNumber },
    ordersCancelled: { name: 'orders_cancelled', type: bigintNumber },
    openOrders: { name: 'open_orders', type: bigintNumber },
    revenueByCurrency: { name: 'revenue_by_currency', type: jsonb((json) => json as orders.CurrencyRevenue[]) },
    grossRevenueByMinute: { name: 'gross_revenue_by_minute', type: jsonb(minutesFromJson) },
    updatedAt: { name: 'updated_at', type: timestamptz },
  },
  primaryKey: ['storeId'],
  keyOf: (row) => row.storeId,
  primaryKeyOf: (key) => ({ storeId: key }),
  viewSubject: 'eventline.orders.StoreStats',
  routes: [{ path: '/api/stores/:storeId/stats', serves: 'row' }],
});
