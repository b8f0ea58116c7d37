/**
 * One token bucket per user, for limits that follow a user across requests (the HTTP API:
 * HTTP_RATE_PER_SEC / HTTP_RATE_BURST). At most `maxUsers` buckets are kept: the least
 * recently used is forgotten first, which only ever hands that user a fresh, full bucket.
 */
import { RateLimitedError } from '../../platform/errors';
import { TokenBucket } from './token-bucket';

export class UserBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly what: string,
    private readonly maxUsers = 100_000,
  ) {}

  /** Takes one token of `userId`'s bucket; RateLimitedError (with its Retry-After) when there is none. */
  take(userId: string, now: number = performance.now()): void {
    let bucket = this.buckets.get(userId);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.ratePerSec, this.burst, now);
      if (this.buckets.size >= this.maxUsers) this.buckets.delete(this.buckets.keys().next().value as string);
    } else {
      this.buckets.delete(userId);
    }
    this.buckets.set(userId, bucket);
    if (!bucket.take(now)) {
      throw new RateLimitedError(`more than ${this.ratePerSec} ${this.what}/s (burst ${this.burst}) for this user`, { retryAfterSeconds: bucket.secondsUntil(now) });
    }
  }
}
