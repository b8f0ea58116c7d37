/**
 * What the business wants from `orders.events`, as pure arithmetic: how much each store took
 * per hour (payments minus refunds) and how its orders moved through the funnel per day
 * (placed → paid → shipped, and cancelled).
 *
 * The result is a set of increments to add to the analytics tables, never a replacement:
 * sums are commutative, so partitions can be applied in any interleaving, and applying
 * each event exactly once (the checkpoint's job, see checkpoint.ts) yields the same tables
 * as a replay from offset 0. Buckets are UTC and come from the event's `occurredAt`, never
 * the clock. Money is bucketed per currency as well: cents of different currencies are never
 * added (a refund of OrderCancelled v1, which carried no currency, counts under `XXX`).
 */
import type { RecordedEvent } from '../../domains';
import { UNKNOWN_CURRENCY, type OrderEvent } from '../../domains/orders';

export interface HourlyRevenueIncrement {
  readonly storeId: string;
  /** ISO 4217 code of every amount of the bucket. */
  readonly currency: string;
  /** Start of the UTC hour. */
  readonly hour: Date;
  /** Payments received (gross). */
  readonly grossCents: number;
  /** Refunds count in the hour of the cancellation, when the money went back. */
  readonly refundedCents: number;
  readonly payments: number;
  readonly refunds: number;
}

export interface DailyFunnelIncrement {
  readonly storeId: string;
  /** UTC calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly placed: number;
  readonly paid: number;
  readonly shipped: number;
  readonly cancelled: number;
}

export interface SalesIncrements {
  readonly revenue: readonly HourlyRevenueIncrement[];
  readonly funnel: readonly DailyFunnelIncrement[];
}

const HOUR_MS = 60 * 60 * 1000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Increments for `events`; only buckets an event touches appear, so no all-zero rows are written. */
export function salesIncrements(events: Iterable<RecordedEvent<OrderEvent>>): SalesIncrements {
  const revenue = new Map<string, Mutable<HourlyRevenueIncrement>>();
  const funnel = new Map<string, Mutable<DailyFunnelIncrement>>();
  const revenueAt = (storeId: string, currency: string, at: Date): Mutable<HourlyRevenueIncrement> => {
    const hour = hourOf(at);
    const key = `${storeId}\u0000${currency}\u0000${hour.getTime()}`;
    let bucket = revenue.get(key);
    if (!bucket) revenue.set(key, (bucket = { storeId, currency, hour, grossCents: 0, refundedCents: 0, payments: 0, refunds: 0 }));
    return bucket;
  };
  const funnelAt = (storeId: string, at: Date): Mutable<DailyFunnelIncrement> => {
    const day = dayOf(at);
    const key = `${storeId}\u0000${day}`;
    let bucket = funnel.get(key);
    if (!bucket) funnel.set(key, (bucket = { storeId, day, placed: 0, paid: 0, shipped: 0, cancelled: 0 }));
    return bucket;
  };

  for (const event of events) {
    const { storeId } = event.data;
    switch (event.type) {
      case 'OrderPlaced':
        funnelAt(storeId, event.occurredAt).placed += 1;
        break;
      case 'OrderPaid': {
        funnelAt(storeId, event.occurredAt).paid += 1;
        const bucket = revenueAt(storeId, event.data.currency, event.occurredAt);
        bucket.grossCents += event.data.amountCents;
        bucket.payments += 1;
        break;
      }
      case 'OrderShipped':
        funnelAt(storeId, event.occurredAt).shipped += 1;
        break;
      case 'OrderCancelled': {
        funnelAt(storeId, event.occurredAt).cancelled += 1;
        // An unpaid order's cancellation moves no money: no revenue bucket for it.
        if (event.data.refundCents > 0) {
          const bucket = revenueAt(storeId, event.data.currency ?? UNKNOWN_CURRENCY, event.occurredAt);
          bucket.refundedCents += event.data.refundCents;
          bucket.refunds += 1;
        }
        break;
      }
    }
  }
  return { revenue: [...revenue.values()], funnel: [...funnel.values()] };
}
