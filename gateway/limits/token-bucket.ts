/**
 * A token bucket of `ratePerSec` tokens a second holding at most `burst` (one token per frame,
 * or per byte) — kept in its GCRA form: one "theoretical arrival time" instead of a token count.
 * An idle connection costs no timer, a take is a comparison and an addition, and nothing
 * accumulates rounding error from many small refills.
 */
export class TokenBucket {
  /** Time one token takes to refill. */
  private readonly intervalMs: number;
  /** How far ahead of the clock the arrival time may run: the burst beyond the first frame. */
  private readonly toleranceMs: number;
  /** When the bucket would next be back to full minus one token; at or before `now` when full. */
  private arrival: number;

  /** `now` is any monotonic millisecond clock (performance.now()); the bucket starts full. */
  constructor(ratePerSec: number, burst: number, now: number) {
    this.intervalMs = 1000 / ratePerSec;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.arrival = now;
  }

  /** Takes `cost` tokens; false when there are not that many (nothing is taken, the frame is refused). */
  take(now: number, cost = 1): boolean {
    const arrival = Math.max(this.arrival, now);
    if (arrival - now + (cost - 1) * this.intervalMs > this.toleranceMs) return false;
    this.arrival = arrival + cost * this.intervalMs;
    return true;
  }

  /** Seconds until `cost` tokens are back (for Retry-After), at least 1. */
  secondsUntil(now: number, cost = 1): number {
    const arrival = Math.max(this.arrival, now);
    return Math.max(1, Math.ceil((arrival - now + (cost - 1) * this.intervalMs - this.toleranceMs) / 1000));
  }
}
