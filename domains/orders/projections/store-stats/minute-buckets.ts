/** Payments per UTC minute and currency, kept for a sliding window that ends at the newest bucket. */
import type { orders } from '../../../../schemas/generated';

type MinuteGrossRevenue = orders.MinuteGrossRevenue;

/** How many one-minute buckets a store keeps (the dashboard's last hour). */
export const REVENUE_WINDOW_MINUTES = 60;

const MINUTE_MS = 60_000;

/** Start of the UTC minute that holds `at`. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/**
 * Adds `cents` of `currency` to the bucket of `at`'s minute; returns the buckets of the last
 * REVENUE_WINDOW_MINUTES minutes up to the newest bucket, oldest first, then by currency.
 *
 * Payments of a store's orders arrive in partition interleaving, not time order. The window
 * hangs off the newest bucket (never the clock) so the result does not depend on that order:
 * a late payment older than the window is dropped, just as it would have been pruned had it
 * come first. That keeps a replay equal to the live row.
 */
export function addGrossRevenue(buckets: readonly MinuteGrossRevenue[], at: Date, currency: string, cents: number): MinuteGrossRevenue[] {
  const minute = minuteOf(at).getTime();
  const key = (start: number, code: string) => `${start}\u0000${code}`;
  const byBucket = new Map(buckets.map((bucket) => [key(bucket.minute.getTime(), bucket.currency), bucket]));
  const current = byBucket.get(key(minute, currency));
  byBucket.set(key(minute, currency), { minute: new Date(minute), currency, grossCents: (current?.grossCents ?? 0) + cents });
  const kept = [...byBucket.values()];
  const oldestKept = Math.max(...kept.map((bucket) => bucket.minute.getTime())) - (REVENUE_WINDOW_MINUTES - 1) * MINUTE_MS;
  return kept
    .filter((bucket) => bucket.minute.getTime() >= oldestKept)
    .sort((a, b) => a.minute.getTime() - b.minute.getTime() || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
