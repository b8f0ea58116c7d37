/** `orders`: one row per order (key orderId). */
import { ordersProjection, type OrderRow } from '../projections/orders';
import type { OrderStatus } from '../state';
import { bigintNumber, defineReadModel, nullable, text, textUnion, timestamptz } from '../../../read-models/define';

export const ordersReadModel = defineReadModel<OrderRow, 'orderId'>({
  projection: ordersProjection,
  table: 'orders',
  entityName: 'Order',
  columns: {
    orderId: { name: 'order_id', type: text },
    storeId: { name: 'store_id', type: text },
    customerId: { name: 'customer_id', type: text },
    status: { name: 'status', type: textUnion<OrderStatus>() },
    totalCents: { name: 'total_cents', type: bigintNumber },
    currency: { name: 'currency', type: text },
    itemCount: { name: 'item_count', type: bigintNumber },
    carrier: { name: 'carrier', type: nullable(text) },
    trackingNumber: { name: 'tracking_number', type: nullable(text) },
    cancelReason: { name: 'cancel_reason', type: nullable(text) },
    placedAt: { name: 'placed_at', type: timestamptz },
    paidAt: { name: 'paid_at', type: nullable(timestamptz) },
    shippedAt: { name: 'shipped_at', type: nullable(timestamptz) },
    cancelledAt: { name: 'cancelled_at', type: nullable(timestamptz) },
    updatedAt: { name: 'updated_at', type: timestamptz },
  },
  primaryKey: ['orderId'],
  keyOf: (row) => row.orderId,
  primaryKeyOf: (key) => ({ orderId: key }),
  routes: [{ path: '/api/orders/:orderId', serves: 'row' }],
});
