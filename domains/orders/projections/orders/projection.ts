/** `orders`: one row per order, as the order looks now. */
import type { RecordedEvent } from '../../../decider';
import { requireRow, type Projection } from '../../../projection';
import type { OrderEvent, OrderStatus } from '../../state';

export interface OrderRow {
  readonly orderId: string;
  readonly storeId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly totalCents: number;
  readonly currency: string;
  /** Units ordered: the sum of line quantities, not the number of lines. */
  readonly itemCount: number;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly cancelReason: string | null;
  readonly placedAt: Date;
  readonly paidAt: Date | null;
  readonly shippedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly updatedAt: Date;
}

export const ordersProjection: Projection<OrderRow, RecordedEvent<OrderEvent>> = {
  name: 'orders',
  keyOf: (event) => event.aggregateId,
  apply(row, event) {
    const at = event.occurredAt;
    if (event.type === 'OrderPlaced') {
      const { storeId, customerId, currency, totalCents, items } = event.data;
      return {
        orderId: event.aggregateId,
        storeId,
        customerId,
        status: 'PLACED',
        totalCents,
        currency,
        itemCount: items.reduce((sum, line) => sum + line.qty, 0),
        carrier: null,
        trackingNumber: null,
        cancelReason: null,
        placedAt: at,
        paidAt: null,
        shippedAt: null,
        cancelledAt: null,
        updatedAt: at,
      };
    }
    const order = requireRow(row, 'orders', event);
    switch (event.type) {
      case 'OrderPaid':
        return { ...order, status: 'PAID', paidAt: at, updatedAt: at };
      case 'OrderShipped': {
        const { carrier, trackingNumber } = event.data;
        return { ...order, status: 'SHIPPED', carrier, trackingNumber, shippedAt: at, updatedAt: at };
      }
      case 'OrderCancelled':
        return { ...order, status: 'CANCELLED', cancelReason: event.data.reason, cancelledAt: at, updatedAt: at };
    }
  },
};
