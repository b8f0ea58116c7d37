/** Retry delays (reconnects, resubscribes, token renewals): exponential, with full jitter. */

export interface BackoffOptions {
  /** Ceiling of the first delay, in ms. */
  readonly initialDelayMs: number;
  /** Ceiling of every delay, in ms. */
  readonly maxDelayMs: number;
}

/**
 * Delay before retry `attempt` (0 = the first): uniform in [0, ceiling] with ceiling =
 * min(maxDelayMs, initialDelayMs · 2^attempt) — "full jitter". The ceiling spaces retries
 * out; the randomness over the whole range spreads the thousands of sockets a gateway
 * restart drops, so they do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
