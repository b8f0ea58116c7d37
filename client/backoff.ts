/** Reconnect delays: exponential, with jitter so that clients dropped together do not return together. */

export interface BackoffOptions {
  /** Ceiling of the first delay, in ms. */
  readonly initialDelayMs: number;
  /** Ceiling of every delay, in ms. */
  readonly maxDelayMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 = the first after a drop): uniform in
 * [ceiling / 2, ceiling] with ceiling = min(maxDelayMs, initialDelayMs · 2^attempt).
 * Half is fixed so retries keep spacing out; half is random so a gateway restart that
 * drops thousands of sockets is not hit by all of them in the same millisecond.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
