// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.orders.

/** Cancel an order that has not shipped. */
export interface CancelOrder {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: CancelOrderData;
}

/** The cancellation. */
export interface CancelOrderData {
  /** Why the order is cancelled. */
  reason: string;
}

/** Whether the command was accepted (events written) or rejected. */
export type CommandStatus = 'ACCEPTED' | 'REJECTED';

/** The store's money in one currency, since its first order. */
export interface CurrencyRevenue {
  /** ISO 4217 currency code; `XXX` (no currency) for refunds of OrderCancelled v1, which did not say. */
  currency: string;
  /** Payments received, in cents of `currency`. */
  grossCents: number;
  /** Refunds of cancelled paid orders, in cents of `currency`. */
  refundedCents: number;
  /** grossCents − refundedCents. */
  netCents: number;
}

/** Payments of one minute in one currency (refunds not deducted). */
export interface MinuteGrossRevenue {
  /** Start of the minute. */
  minute: Date;
  /** ISO 4217 currency code. */
  currency: string;
  /** Payments received during that minute, in cents of `currency`. */
  grossCents: number;
}

/** An order was cancelled. */
export interface OrderCancelled {
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: OrderCancelledData;
}

/** The cancellation. */
export interface OrderCancelledData {
  /** Store the order belongs to. */
  storeId: string;
  /** Why the order was cancelled. */
  reason: string;
  /** Status the order had before the cancellation. */
  previousStatus: OrderStatus;
  /** Amount refunded in cents of `currency` (0 when the order was unpaid). */
  refundCents: number;
  /** ISO 4217 currency code of the order (added in v2; null when read from v1, whose refunds count under `XXX`, no currency). */
  currency: string | null;
}

/** One line of an order. */
export interface OrderLine {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units ordered. */
  qty: number;
  /** Unit price in cents of `currency`. */
  priceCents: number;
}

/** An order was paid in full. */
export interface OrderPaid {
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: OrderPaidData;
}

/** The payment. */
export interface OrderPaidData {
  /** Store the order belongs to. */
  storeId: string;
  /** Amount paid in cents. */
  amountCents: number;
  /** ISO 4217 currency code of the amount. */
  currency: string;
}

/** An order was placed. */
export interface OrderPlaced {
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: OrderPlacedData;
}

/** The placed order. */
export interface OrderPlacedData {
  /** Store the order belongs to. */
  storeId: string;
  /** Customer who placed the order. */
  customerId: string;
  /** Ordered lines, at least one. */
  items: OrderLine[];
  /** ISO 4217 currency code of all amounts. */
  currency: string;
  /** Sum of qty × priceCents over all lines. */
  totalCents: number;
}

/** An order was handed to a carrier. */
export interface OrderShipped {
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: OrderShippedData;
}

/** The shipment. */
export interface OrderShippedData {
  /** Store the order belongs to. */
  storeId: string;
  /** Carrier handling the shipment. */
  carrier: string;
  /** Carrier's tracking number, when known (added in v2; null when read from v1). */
  trackingNumber: string | null;
}

/** Latest state of one order, on the compacted `orders.snapshots` topic (key = order id). */
export interface OrderSnapshot {
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version the state reflects (0 = no events yet). */
  version: number;
  /** The aggregate state. */
  state: OrderState;
  /** Outcomes of the most recent commands, oldest first. */
  recentCommands: RecentCommand[];
  /** When the snapshot was written. */
  updatedAt: Date;
}

/** Decision state of an order. */
export interface OrderState {
  /** Current status. */
  status: OrderStatus;
  /** Store of the order; null before it is placed. */
  storeId: string | null;
  /** Customer of the order; null before it is placed. */
  customerId: string | null;
  /** Currency of the order; null before it is placed. */
  currency: string | null;
  /** Order total in cents. */
  totalCents: number;
  /** Amount paid so far in cents. */
  paidCents: number;
}

/** Lifecycle status of an order; NONE before it is placed. */
export type OrderStatus = 'NONE' | 'PLACED' | 'PAID' | 'SHIPPED' | 'CANCELLED';

/** Pay a placed order in full. */
export interface PayOrder {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: PayOrderData;
}

/** The payment. */
export interface PayOrderData {
  /** Amount paid in cents; must equal the order total. */
  amountCents: number;
}

/** Place a new order. */
export interface PlaceOrder {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: PlaceOrderData;
}

/** What is ordered, where and by whom. */
export interface PlaceOrderData {
  /** Store the order belongs to. */
  storeId: string;
  /** Customer placing the order. */
  customerId: string;
  /** Ordered lines: 1 to 100. */
  items: OrderLine[];
  /** ISO 4217 currency code of all prices. */
  currency: string;
}

/** Outcome of a recently decided command, kept in the snapshot so a redelivered or retried command id gets its first outcome again. */
export interface RecentCommand {
  /** Id of the decided command. */
  commandId: string;
  /** Record name of the command, e.g. `PlaceOrder`. */
  commandName: string;
  /** Outcome of the command. */
  status: CommandStatus;
  /** Why the command was rejected; null when accepted. */
  reason: string | null;
  /** Aggregate version after the command. */
  version: number;
  /** Names of the events the command produced, in order (empty when rejected). */
  events: string[];
  /** Partition of the events topic the events were written to; null when none. */
  eventsPartition: number | null;
  /** Offset of the first event written; null when none. */
  firstEventOffset: number | null;
  /** Offset of the last event written; null when none. */
  lastEventOffset: number | null;
}

/** Ship a paid order. */
export interface ShipOrder {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Order id (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: ShipOrderData;
}

/** The shipment. */
export interface ShipOrderData {
  /** Carrier handling the shipment. */
  carrier: string;
  /** Carrier's tracking number, when known. */
  trackingNumber: string | null;
}

/** One row of the `store_stats` view (key = storeId), on `views.store_stats`. */
export interface StoreStats {
  /** Store the row describes (the view key). */
  storeId: string;
  /** View version of this row: increases by one per change. */
  version: number;
  /** Store's orders currently PLACED. */
  ordersPlaced: number;
  /** Store's orders currently PAID. */
  ordersPaid: number;
  /** Store's orders currently SHIPPED. */
  ordersShipped: number;
  /** Store's orders currently CANCELLED. */
  ordersCancelled: number;
  /** Orders placed or paid, not yet shipped or cancelled. */
  openOrders: number;
  /** Revenue per currency, sorted by currency (replaces paidRevenueCents, which summed currencies; its net is netCents). */
  revenueByCurrency: CurrencyRevenue[];
  /** Payments per minute and currency over the last hour up to the newest payment, oldest first (replaces revenueByMinute). */
  grossRevenueByMinute: MinuteGrossRevenue[];
  /** When the row last changed. */
  updatedAt: Date;
}
