/**
 * Where a request's token is. HTTP routes take `Authorization: Bearer …` only. The WebSocket
 * upgrade takes, in this order:
 *
 * 1. `Authorization: Bearer …` — Node clients (the SDK with `ws`), tools;
 * 2. the `Sec-WebSocket-Protocol` pair `eventline, bearer.<token>` — browsers, which cannot set
 *    headers on a WebSocket; the gateway answers with `eventline`, never echoing the token;
 * 3. `?token=…` — kept for tools; it puts the token in URLs that proxies and access logs keep,
 *    so Eventline's own clients never use it, and logs redact it (platform/logger.ts).
 *
 * All three are read before any WebSocket exists: a bad token is refused 401 like any other.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { BEARER_SUBPROTOCOL_PREFIX, EVENTLINE_SUBPROTOCOL } from '../../client/protocol';
import { BadRequestError, UnauthorizedError } from '../../platform/errors';

export type CredentialSource = 'header' | 'subprotocol' | 'query';

export interface UpgradeCredential {
  readonly token: string;
  readonly source: CredentialSource;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The bearer token of the Authorization header; undefined when there is no header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = BEARER.exec(header);
  if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
  return match[1];
}

/** The subprotocols an upgrade offers, in order (`Sec-WebSocket-Protocol: a, b`). */
export function offeredSubprotocols(headers: IncomingHttpHeaders): string[] {
  const header = headers['sec-websocket-protocol'];
  return header === undefined ? [] : header.split(',').map((protocol) => protocol.trim()).filter(Boolean);
}

function subprotocolToken(headers: IncomingHttpHeaders): string | undefined {
  const offered = offeredSubprotocols(headers);
  const bearer = offered.find((protocol) => protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX));
  if (bearer === undefined) return undefined;
  // Without it the gateway could select no subprotocol, and a browser would drop the connection it just opened.
  if (!offered.includes(EVENTLINE_SUBPROTOCOL)) throw new BadRequestError(`offer the "${EVENTLINE_SUBPROTOCOL}" subprotocol beside "${BEARER_SUBPROTOCOL_PREFIX}<token>"`);
  return bearer.slice(BEARER_SUBPROTOCOL_PREFIX.length) || undefined;
}

/** The upgrade's token and where it was: header, then subprotocol, then the `token` query parameter of `url`. */
export function upgradeCredential(headers: IncomingHttpHeaders, url: URL): UpgradeCredential | undefined {
  const header = bearerToken(headers);
  if (header !== undefined) return { token: header, source: 'header' };
  const subprotocol = subprotocolToken(headers);
  if (subprotocol !== undefined) return { token: subprotocol, source: 'subprotocol' };
  const query = url.searchParams.get('token');
  return query ? { token: query, source: 'query' } : undefined;
}

/** The upgrade's credential, or UnauthorizedError naming the ways to send one. */
export function requireUpgradeCredential(credential: UpgradeCredential | undefined): UpgradeCredential {
  if (credential === undefined) {
    throw new UnauthorizedError(`missing token: send "Authorization: Bearer <token>", or the subprotocols "${EVENTLINE_SUBPROTOCOL}" and "${BEARER_SUBPROTOCOL_PREFIX}<token>"`);
  }
  return credential;
}

export function requireToken(token: string | undefined): string {
  if (token === undefined) throw new UnauthorizedError('missing token: send "Authorization: Bearer <token>"');
  return token;
}
