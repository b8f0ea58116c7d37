/**
 * Orders event histories written by hand, with the sales figures they must produce: shared
 * by the analytics unit tests (pure increments), the analytics integration test (tables in
 * PostgreSQL) and the Python interoperability test (the same records decoded elsewhere).
 */
import type { RecordedEvent } from '../../domains';
import type { OrderEvent } from '../../domains/orders';

/** One order's events, built step by step with consecutive versions, as the decider would write them. */
export class OrderStory {
  readonly events: RecordedEvent<OrderEvent>[] = [];
  private totalCents = 0;
  private paidCents = 0;

  constructor(
    readonly orderId: string,
    readonly storeId: string,
    readonly currency = 'EUR',
  ) {}

  placed(at: string, totalCents: number): this {
    this.totalCents = totalCents;
    const items = [{ sku: `sku-${this.orderId}`, qty: 1, priceCents: totalCents }];
    return this.add(at, { type: 'OrderPlaced', data: { storeId: this.storeId, customerId: 'customer-1', items, currency: this.currency, totalCents } });
  }

  paid(at: string): this {
    this.paidCents = this.totalCents;
    return this.add(at, { type: 'OrderPaid', data: { storeId: this.storeId, amountCents: this.totalCents, currency: this.currency } });
  }

  shipped(at: string): this {
    return this.add(at, { type: 'OrderShipped', data: { storeId: this.storeId, carrier: 'DHL', trackingNumber: `track-${this.orderId}` } });
  }

  cancelled(at: string): this {
    const previousStatus = this.paidCents > 0 ? 'PAID' : 'PLACED';
    return this.add(at, { type: 'OrderCancelled', data: { storeId: this.storeId, reason: 'changed mind', previousStatus, refundCents: this.paidCents, currency: this.currency } });
  }

  private add(at: string, event: OrderEvent): this {
    this.events.push({ ...event, aggregateId: this.orderId, version: this.events.length + 1, commandId: `${this.orderId}-c${this.events.length + 1}`, userId: 'alice', occurredAt: new Date(at) });
    return this;
  }
}

export interface RevenueRow {
  storeId: string;
  currency: string;
  /** ISO-8601 start of the UTC hour. */
  hour: string;
  grossCents: number;
  refundedCents: number;
  netCents: number;
  payments: number;
  refunds: number;
}

export interface FunnelRow {
  storeId: string;
  day: string;
  placed: number;
  paid: number;
  shipped: number;
  cancelled: number;
}

export interface SalesScenario {
  /** Every event, ordered by time (so interleaved across orders, in order per order). */
  events: RecordedEvent<OrderEvent>[];
  revenue: RevenueRow[];
  funnel: FunnelRow[];
}

/**
 * Two stores over a midnight: a paid and shipped order, a paid then refunded one, one paid
 * after midnight, an unpaid cancellation (no refund), a payment in the last millisecond
 * of an hour, and a payment in USD in the hour of a EUR one (kept apart). The second store's id has quotes, a backslash and a `?` so that SQL quoting
 * and parameter placeholders are exercised too. `prefix` keeps order ids unique per test.
 */
export function salesScenario(prefix: string): SalesScenario {
  const a = 'store-a';
  const b = `store-'b'\\?"`;
  const stories = [
    new OrderStory(`${prefix}-1`, a).placed('2024-03-01T09:10:00Z', 1000).paid('2024-03-01T09:20:00Z').shipped('2024-03-01T11:00:00Z'),
    new OrderStory(`${prefix}-2`, a).placed('2024-03-01T09:30:00Z', 500).paid('2024-03-01T10:05:00Z').cancelled('2024-03-01T10:45:00Z'),
    new OrderStory(`${prefix}-3`, a).placed('2024-03-01T23:50:00Z', 700).paid('2024-03-02T00:10:00Z'),
    new OrderStory(`${prefix}-4`, b).placed('2024-03-01T09:00:00Z', 300).cancelled('2024-03-01T09:05:00Z'),
    new OrderStory(`${prefix}-5`, b).placed('2024-03-01T09:40:00Z', 2500).paid('2024-03-01T09:59:59.999Z').shipped('2024-03-01T10:00:00Z'),
    new OrderStory(`${prefix}-6`, a, 'USD').placed('2024-03-01T10:00:00Z', 900).paid('2024-03-01T10:15:00Z'),
  ];
  const events = stories.flatMap((story) => story.events).sort((x, y) => x.occurredAt.getTime() - y.occurredAt.getTime());
  const revenue = (storeId: string, currency: string, hour: string, grossCents: number, refundedCents: number, payments: number, refunds: number): RevenueRow => ({
    storeId,
    currency,
    hour: `${hour}:00:00.000Z`,
    grossCents,
    refundedCents,
    netCents: grossCents - refundedCents,
    payments,
    refunds,
  });
  return {
    events,
    revenue: [
      revenue(a, 'EUR', '2024-03-01T09', 1000, 0, 1, 0),
      revenue(a, 'EUR', '2024-03-01T10', 500, 500, 1, 1),
      revenue(a, 'USD', '2024-03-01T10', 900, 0, 1, 0),
      revenue(a, 'EUR', '2024-03-02T00', 700, 0, 1, 0),
      revenue(b, 'EUR', '2024-03-01T09', 2500, 0, 1, 0),
    ],
    funnel: [
      { storeId: a, day: '2024-03-01', placed: 4, paid: 3, shipped: 1, cancelled: 1 },
      { storeId: a, day: '2024-03-02', placed: 0, paid: 1, shipped: 0, cancelled: 0 },
      { storeId: b, day: '2024-03-01', placed: 2, paid: 1, shipped: 1, cancelled: 1 },
    ],
  };
}

/** Rows in a stable order, for comparing sets of rows. */
export function sortRows<Row extends { storeId: string }>(rows: Row[], bucket: (row: Row) => string): Row[] {
  return [...rows].sort((x, y) => (x.storeId === y.storeId ? bucket(x).localeCompare(bucket(y)) : x.storeId < y.storeId ? -1 : 1));
}
