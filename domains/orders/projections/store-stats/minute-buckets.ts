/** Paid revenue per UTC minute, kept for a sliding window that ends at the newest bucket. */
import type { orders } from '../../../../schemas/generated';

type MinuteRevenue = orders.MinuteRevenue;

/** How many one-minute buckets a store keeps (the dashboard's last hour). */
export const REVENUE_WINDOW_MINUTES = 60;

const MINUTE_MS = 60_000;

/** Start of the UTC minute that holds `at`. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/**
 * Adds `cents` to the bucket of `at`'s minute; returns the buckets of the last
 * REVENUE_WINDOW_MINUTES minutes up to the newest bucket, oldest first.
 *
 * Payments of a store's orders arrive in partition interleaving, not time order. The window
 * hangs off the newest bucket (never the clock) so the result does not depend on that order:
 * a late payment older than the window is dropped, just as it would have been pruned had it
 * come first. That keeps a replay equal to the live row.
 */
export function addRevenue(buckets: readonly MinuteRevenue[], at: Date, cents: number): MinuteRevenue[] {
  const byMinute = new Map(buckets.map((bucket) => [bucket.minute.getTime(), bucket.revenueCents]));
  const minute = minuteOf(at).getTime();
  byMinute.set(minute, (byMinute.get(minute) ?? 0) + cents);
  const oldestKept = Math.max(...byMinute.keys()) - (REVENUE_WINDOW_MINUTES - 1) * MINUTE_MS;
  return [...byMinute]
    .filter(([start]) => start >= oldestKept)
    .sort(([a], [b]) => a - b)
    .map(([start, revenueCents]) => ({ minute: new Date(start), revenueCents }));
}
