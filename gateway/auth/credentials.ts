/**
 * Where a request's token is: `Authorization: Bearer …`, or for the WebSocket upgrade also
 * `?token=…` (browsers cannot set headers on a WebSocket). HTTP routes take the header only,
 * so tokens stay out of URLs that proxies and access logs record.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { UnauthorizedError } from '../../platform/errors';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The bearer token of the Authorization header; undefined when there is no header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = BEARER.exec(header);
  if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
  return match[1];
}

/** The header token, else the `token` query parameter of `url` (a request path). */
export function upgradeToken(headers: IncomingHttpHeaders, url: URL): string | undefined {
  return bearerToken(headers) ?? (url.searchParams.get('token') || undefined);
}

export function requireToken(token: string | undefined): string {
  if (token === undefined) throw new UnauthorizedError('missing token: send "Authorization: Bearer <token>"');
  return token;
}
