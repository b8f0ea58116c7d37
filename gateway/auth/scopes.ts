/**
 * What a principal may do, from its OAuth2 `scope` claim: `commands:<domain>`,
 * `subscribe:<stream>`, `read:<view>`, or `*` for everything.
 */
import { ForbiddenError, UnauthorizedError } from '../../platform/errors';
import type { Principal } from './tokens';

const ANY_SCOPE = '*';

export function commandScope(domain: string): string {
  return `commands:${domain}`;
}

export function subscribeScope(stream: string): string {
  return `subscribe:${stream}`;
}

/**
 * Throws ForbiddenError unless the principal holds `scope` (or `*`). A WebSocket outlives
 * the token it opened with, so expiry is checked here too (UnauthorizedError): the client
 * reconnects with a fresh token.
 */
export function authorize(principal: Principal, scope: string, nowMs: number = Date.now()): void {
  if (principal.expiresAt !== undefined && principal.expiresAt * 1000 <= nowMs) throw new UnauthorizedError('token expired');
  if (!principal.scopes.has(scope) && !principal.scopes.has(ANY_SCOPE)) throw new ForbiddenError(`token lacks scope "${scope}"`);
}

/**
 * Following `key` of `stream` needs `subscribe:<stream>` (or `*`); a token whose
 * `eventline_keys` claim lists keys for the stream may follow only those (ForbiddenError).
 */
export function authorizeSubscription(principal: Principal, stream: string, key: string, nowMs: number = Date.now()): void {
  authorize(principal, subscribeScope(stream), nowMs);
  const allowed = principal.allowedKeys?.[stream];
  if (allowed !== undefined && !allowed.includes(key)) throw new ForbiddenError(`token does not allow key "${key}" of ${stream}`);
}
