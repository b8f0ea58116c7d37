/**
 * The WebSocket upgrade request, before any WebSocket exists: origin allow-list, then the
 * token. A refusal is a plain HTTP response (401, 403, 404, 503) with the same problem body
 * as the HTTP API, written to the raw socket, which is then closed.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ForbiddenError } from '../../platform/errors';
import { requireUpgradeCredential, upgradeCredential, type CredentialSource, type Principal, type TokenVerifier } from '../auth';
import { problemBody, type WireError } from '../protocol';

export const WEBSOCKET_PATH = '/ws';

/**
 * An empty allow-list allows every origin. A request without an Origin header is allowed:
 * only browsers send one, and the allow-list exists to stop other sites' pages from using a
 * browser's credentials (cross-site WebSocket hijacking); other clients can send any origin.
 */
export function checkOrigin(origin: string | undefined, allowed: readonly string[]): void {
  if (origin !== undefined && allowed.length > 0 && !allowed.includes(origin)) throw new ForbiddenError(`origin ${origin} is not allowed`);
}

export interface AuthenticatedUpgrade {
  readonly principal: Principal;
  /** Where the token was (credentials.ts). */
  readonly credential: CredentialSource;
}

/** Rejects ForbiddenError (origin), BadRequestError (a bearer subprotocol alone) or UnauthorizedError (no, bad or expired token). */
export async function authenticateUpgrade(request: IncomingMessage, url: URL, allowedOrigins: readonly string[], verify: TokenVerifier): Promise<AuthenticatedUpgrade> {
  checkOrigin(request.headers.origin, allowedOrigins);
  const { token, source } = requireUpgradeCredential(upgradeCredential(request.headers, url));
  return { principal: await verify(token), credential: source };
}

export function refuseUpgrade(socket: Duplex, error: WireError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(problemBody(error));
  const head = [
    `HTTP/1.1 ${error.httpStatus} ${STATUS_CODES[error.httpStatus] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(error.httpStatus === 401 ? ['WWW-Authenticate: Bearer'] : []),
    ...(error.retryAfterSeconds === undefined ? [] : [`Retry-After: ${error.retryAfterSeconds}`]),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
