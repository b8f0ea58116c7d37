/**
 * The token the client dials and renews with: a fixed one, or one `getToken` fetches — when
 * the client has none, before the one it has expires, and after the gateway refused it.
 * Calls to `getToken` are shared: however many parts of the client need a token at once,
 * one call is made.
 */
import { TokenRequestError } from './errors.js';
import type { TokenFunction } from './options.js';

/** The `exp` claim of a JWT in ms since the epoch, read without verifying (the gateway verifies); undefined when unreadable. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class TokenKeeper {
  private current: string | undefined;
  /** The gateway refused `current` (401, UNAUTHORIZED, TOKEN_EXPIRED): the next connection needs another. */
  private refused = false;
  private inFlight: Promise<string> | undefined;

  constructor(
    initial: string | undefined,
    private readonly getToken: TokenFunction | undefined,
    private readonly renewBeforeMs: number,
  ) {
    this.current = initial;
  }

  /** Whether a refused or expiring token can be replaced without the application's help (`setToken`). */
  get renewable(): boolean {
    return this.getToken !== undefined;
  }

  /** The token to open a connection with: the current one, or a fresh one when there is none or it was refused and `getToken` exists. */
  async forConnection(): Promise<string> {
    if (this.current !== undefined && !(this.refused && this.renewable)) return this.current;
    return this.fetch();
  }

  /** A fresh token from `getToken`; rejects TokenRequestError. Concurrent callers share one call. */
  fetch(): Promise<string> {
    const getToken = this.getToken;
    if (getToken === undefined) return Promise.reject(new TokenRequestError('no getToken function to fetch a token with'));
    if (this.inFlight === undefined) {
      const request = this.request(getToken);
      this.inFlight = request;
      const done = (): void => {
        if (this.inFlight === request) this.inFlight = undefined;
      };
      request.then(done, done);
    }
    return this.inFlight;
  }

  private async request(getToken: TokenFunction): Promise<string> {
    let token: unknown;
    try {
      token = await getToken();
    } catch (error) {
      throw new TokenRequestError(`getToken failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (typeof token !== 'string' || token === '') throw new TokenRequestError(`getToken returned ${token === '' ? 'an empty string' : typeof token}, not a token`);
    this.set(token);
    return token;
  }

  set(token: string): void {
    this.current = token;
    this.refused = false;
  }

  /** The gateway refused the current token: the next connection asks `getToken` (if any) for another. */
  refuse(): void {
    this.refused = true;
  }

  /** Whether the current token's `exp` has passed on this machine's clock (false when it has no readable one). */
  expired(now = Date.now()): boolean {
    const expiry = this.current === undefined ? undefined : tokenExpiry(this.current);
    return expiry !== undefined && expiry <= now;
  }

  /**
   * When to renew the current token over the live socket, ms from now: `renewBeforeMs` before
   * it expires, or half-way through what is left of a shorter-lived one. Undefined when there
   * is nothing to renew with or to time by (no getToken, no exp, or already expired here).
   */
  renewalDelay(now = Date.now()): number | undefined {
    if (!this.renewable || this.current === undefined) return undefined;
    const expiry = tokenExpiry(this.current);
    if (expiry === undefined || expiry <= now) return undefined;
    const left = expiry - now;
    return left - Math.min(this.renewBeforeMs, left / 2);
  }
}
