/** One order (250 EUR cents in store-7) through its life, as commands and as events. */
import type {
  CancelOrder,
  OrderCancelled,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
  PayOrder,
  PlaceOrder,
  ShipOrder,
} from '../../../../domains/orders';
import { metadataFor } from '../support/records';

export const ORDER_ID = 'order-1';
export const STORE_ID = 'store-7';
/** The order's customer sends the order's commands; shipping is staff's (domains/orders/access.ts). */
export const CUSTOMER = 'customer-1';
export const CLERK = 'clerk-1';
export const STAFF_ROLES = ['staff'];

export const placeData: PlaceOrder['data'] = {
  storeId: STORE_ID,
  customerId: CUSTOMER,
  items: [
    { sku: 'tea', qty: 2, priceCents: 100 },
    { sku: 'cup', qty: 1, priceCents: 50 },
  ],
  currency: 'EUR',
};

export const placeOrder = (data: PlaceOrder['data'] = placeData, orderId = ORDER_ID, by = CUSTOMER, roles: string[] = []): PlaceOrder => ({
  type: 'PlaceOrder',
  data,
  metadata: metadataFor(orderId, by, roles),
});
export const payOrder = (amountCents: number, orderId = ORDER_ID, by = CUSTOMER, roles: string[] = []): PayOrder => ({
  type: 'PayOrder',
  data: { amountCents },
  metadata: metadataFor(orderId, by, roles),
});
export const shipOrder = (trackingNumber: string | null = 'TRACK-1', orderId = ORDER_ID, by = CLERK, roles = STAFF_ROLES): ShipOrder => ({
  type: 'ShipOrder',
  data: { carrier: 'DHL', trackingNumber },
  metadata: metadataFor(orderId, by, roles),
});
export const cancelOrder = (reason = 'changed my mind', orderId = ORDER_ID, by = CUSTOMER, roles: string[] = []): CancelOrder => ({
  type: 'CancelOrder',
  data: { reason },
  metadata: metadataFor(orderId, by, roles),
});

export const orderPlaced = (storeId = STORE_ID, totalCents = 250): OrderPlaced => ({
  type: 'OrderPlaced',
  data: { ...placeData, storeId, totalCents },
});
export const orderPaid = (storeId = STORE_ID, amountCents = 250, currency = 'EUR'): OrderPaid => ({
  type: 'OrderPaid',
  data: { storeId, amountCents, currency },
});
export const orderShipped = (storeId = STORE_ID): OrderShipped => ({
  type: 'OrderShipped',
  data: { storeId, carrier: 'DHL', trackingNumber: 'TRACK-1' },
});
export const orderCancelled = (
  previousStatus: OrderCancelled['data']['previousStatus'],
  refundCents: number,
  storeId = STORE_ID,
  currency: string | null = 'EUR',
): OrderCancelled => ({
  type: 'OrderCancelled',
  data: { storeId, reason: 'changed my mind', previousStatus, refundCents, currency },
});
