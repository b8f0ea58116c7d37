// Generated from schemas/catalog.json and the read models by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.orders, as JSON carries it on the wire: timestamps are ISO-8601 strings.

/** The cancellation. */
export interface CancelOrderData {
  /** Why the order is cancelled. */
  readonly reason: string;
}

/** The store's money in one currency, since its first order. */
export interface CurrencyRevenue {
  /** ISO 4217 currency code; `XXX` (no currency) for refunds of OrderCancelled v1, which did not say. */
  readonly currency: string;
  /** Payments received, in cents of `currency`. */
  readonly grossCents: number;
  /** Refunds of cancelled paid orders, in cents of `currency`. */
  readonly refundedCents: number;
  /** grossCents − refundedCents. */
  readonly netCents: number;
}

/** Payments of one minute in one currency (refunds not deducted). */
export interface MinuteGrossRevenue {
  /** Start of the minute. */
  readonly minute: string;
  /** ISO 4217 currency code. */
  readonly currency: string;
  /** Payments received during that minute, in cents of `currency`. */
  readonly grossCents: number;
}

/** The cancellation. */
export interface OrderCancelledData {
  /** Store the order belongs to. */
  readonly storeId: string;
  /** Why the order was cancelled. */
  readonly reason: string;
  /** Status the order had before the cancellation. */
  readonly previousStatus: OrderStatus;
  /** Amount refunded in cents of `currency` (0 when the order was unpaid). */
  readonly refundCents: number;
  /** ISO 4217 currency code of the order (added in v2; null when read from v1, whose refunds count under `XXX`, no currency). */
  readonly currency: string | null;
}

/** One line of an order. */
export interface OrderLine {
  /** Stock-keeping unit of the product. */
  readonly sku: string;
  /** Units ordered. */
  readonly qty: number;
  /** Unit price in cents of `currency`. */
  readonly priceCents: number;
}

/** The payment. */
export interface OrderPaidData {
  /** Store the order belongs to. */
  readonly storeId: string;
  /** Amount paid in cents. */
  readonly amountCents: number;
  /** ISO 4217 currency code of the amount. */
  readonly currency: string;
}

/** The placed order. */
export interface OrderPlacedData {
  /** Store the order belongs to. */
  readonly storeId: string;
  /** Customer who placed the order. */
  readonly customerId: string;
  /** Ordered lines, at least one. */
  readonly items: readonly OrderLine[];
  /** ISO 4217 currency code of all amounts. */
  readonly currency: string;
  /** Sum of qty × priceCents over all lines. */
  readonly totalCents: number;
}

/** The shipment. */
export interface OrderShippedData {
  /** Store the order belongs to. */
  readonly storeId: string;
  /** Carrier handling the shipment. */
  readonly carrier: string;
  /** Carrier's tracking number, when known (added in v2; null when read from v1). */
  readonly trackingNumber: string | null;
}

/** Lifecycle status of an order; NONE before it is placed. */
export type OrderStatus = 'NONE' | 'PLACED' | 'PAID' | 'SHIPPED' | 'CANCELLED';

/** The payment. */
export interface PayOrderData {
  /** Amount paid in cents; must equal the order total. */
  readonly amountCents: number;
}

/** What is ordered, where and by whom. */
export interface PlaceOrderData {
  /** Store the order belongs to. */
  readonly storeId: string;
  /** Customer placing the order. */
  readonly customerId: string;
  /** Ordered lines: 1 to 100. */
  readonly items: readonly OrderLine[];
  /** ISO 4217 currency code of all prices. */
  readonly currency: string;
}

/** The shipment. */
export interface ShipOrderData {
  /** Carrier handling the shipment. */
  readonly carrier: string;
  /** Carrier's tracking number, when known. */
  readonly trackingNumber: string | null;
}

/** One row of the `store_stats` view (key = storeId), on `views.store_stats`. As `views.store_stats` sends it: without `version`. */
export interface StoreStats {
  /** Store the row describes (the view key). */
  readonly storeId: string;
  /** Store's orders currently PLACED. */
  readonly ordersPlaced: number;
  /** Store's orders currently PAID. */
  readonly ordersPaid: number;
  /** Store's orders currently SHIPPED. */
  readonly ordersShipped: number;
  /** Store's orders currently CANCELLED. */
  readonly ordersCancelled: number;
  /** Orders placed or paid, not yet shipped or cancelled. */
  readonly openOrders: number;
  /** Revenue per currency, sorted by currency (replaces paidRevenueCents, which summed currencies; its net is netCents). */
  readonly revenueByCurrency: readonly CurrencyRevenue[];
  /** Payments per minute and currency over the last hour up to the newest payment, oldest first (replaces revenueByMinute). */
  readonly grossRevenueByMinute: readonly MinuteGrossRevenue[];
  /** When the row last changed. */
  readonly updatedAt: string;
}

/** Commands of orders: name → data (fields with a default, or that default to the caller, may be left out). */
export type Commands = {
  readonly CancelOrder: CancelOrderData;
  readonly PayOrder: PayOrderData;
  readonly PlaceOrder: Omit<PlaceOrderData, 'customerId'> & Partial<Pick<PlaceOrderData, 'customerId'>>;
  readonly ShipOrder: Omit<ShipOrderData, 'trackingNumber'> & Partial<Pick<ShipOrderData, 'trackingNumber'>>;
};

/** Events of `orders.events`: name → data. */
export type Events = {
  readonly OrderCancelled: OrderCancelledData;
  readonly OrderPaid: OrderPaidData;
  readonly OrderPlaced: OrderPlacedData;
  readonly OrderShipped: OrderShippedData;
};
