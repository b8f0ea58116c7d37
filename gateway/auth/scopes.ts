/**
 * What a principal may do, from its OAuth2 `scope` claim: `commands:<domain>`,
 * `subscribe:<stream>`, `read:<read model>`, or `*` for everything; and which keys, when its
 * `eventline_keys` claim narrows a stream to some. The key restriction of `<domain>.events`
 * covers the domain's aggregates everywhere: commands, REST reads and subscriptions.
 */
import { ForbiddenError, TokenExpiredError } from '../../platform/errors';
import { quoted } from '../../platform/text';
import type { Principal } from './tokens';

const ANY_SCOPE = '*';

export function commandScope(domain: string): string {
  return `commands:${domain}`;
}

export function subscribeScope(stream: string): string {
  return `subscribe:${stream}`;
}

export function readScope(readModel: string): string {
  return `read:${readModel}`;
}

/** The stream whose key restriction covers a domain's aggregates. */
export function aggregateStream(domain: string): string {
  return `${domain}.events`;
}

/** Whether the token has expired: a WebSocket outlives the token it opened with. */
export function hasExpired(principal: Principal, nowMs: number = Date.now()): boolean {
  return principal.expiresAt * 1000 <= nowMs;
}

export function holdsScope(principal: Principal, scope: string): boolean {
  return principal.scopes.has(scope) || principal.scopes.has(ANY_SCOPE);
}

export function keyAllowed(principal: Principal, stream: string, key: string): boolean {
  const allowed = principal.allowedKeys?.[stream];
  return allowed === undefined || allowed.includes(key);
}

/** Throws TokenExpiredError once the token has expired, ForbiddenError unless the principal holds `scope` (or `*`). */
export function authorize(principal: Principal, scope: string, nowMs: number = Date.now()): void {
  if (hasExpired(principal, nowMs)) throw new TokenExpiredError('token expired: renew it with the auth op, or reconnect with a fresh one');
  if (!holdsScope(principal, scope)) throw new ForbiddenError(`token lacks scope "${scope}"`);
}

/** ForbiddenError when the token's `eventline_keys` claim lists keys for `stream` and not `key`. */
export function requireKeyAllowed(principal: Principal, stream: string, key: string): void {
  if (!keyAllowed(principal, stream, key)) throw new ForbiddenError(`token does not allow key ${quoted(key)} of ${stream}`);
}
