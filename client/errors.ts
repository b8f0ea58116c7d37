/**
 * The SDK's one error module. Code branches on the class or on `code` / `retriable`, never
 * on message text, like the gateway's own errors.
 */
import type { ErrorMessage, FieldIssue, ServerErrorCode } from './protocol.js';

export type ClientErrorCode = ServerErrorCode | 'CLOSED' | 'TIMEOUT' | 'FRAME_TOO_LARGE' | 'MALFORMED_FRAME' | 'PING_TIMEOUT' | 'CONNECT_TIMEOUT' | 'TOKEN_REQUEST_FAILED' | 'UPGRADE_REFUSED';

export abstract class EventlineClientError extends Error {
  abstract readonly code: ClientErrorCode;
  /** True when the same request may succeed if simply sent again later. */
  readonly retriable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

const RETRIABLE_SERVER_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['RATE_LIMITED', 'UNAVAILABLE']);
const TOKEN_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['UNAUTHORIZED', 'TOKEN_EXPIRED']);

/** UNAUTHORIZED or TOKEN_EXPIRED: the same request may succeed with a new token. */
export function needsNewToken(error: EventlineClientError): boolean {
  return TOKEN_CODES.has(error.code);
}

/** The gateway answered a request with `{"op":"error"}`, or ended a subscription with a code. */
export class ServerError extends EventlineClientError {
  readonly code: ServerErrorCode;
  override readonly retriable: boolean;
  /** The request the gateway answered; null when it could not tell, or the error concerns the socket. */
  readonly requestId: string | null;
  /** The bad fields for INVALID_COMMAND (at most 20, `detailsTotal` says how many there were); empty otherwise. */
  readonly details: readonly FieldIssue[];
  readonly detailsTotal: number;

  constructor(reply: Pick<ErrorMessage, 'id' | 'code' | 'message'> & Partial<Pick<ErrorMessage, 'details' | 'detailsTotal'>>) {
    super(reply.message);
    this.code = reply.code;
    this.retriable = RETRIABLE_SERVER_CODES.has(reply.code);
    this.requestId = reply.id;
    this.details = reply.details ?? [];
    this.detailsTotal = reply.detailsTotal ?? this.details.length;
  }
}

/**
 * The gateway refused the WebSocket upgrade with an HTTP status (Node with `ws` only: browsers
 * do not expose it). `code` is the problem body's (UNAUTHORIZED, FORBIDDEN, RATE_LIMITED,
 * UNAVAILABLE, …), or UPGRADE_REFUSED when the answer had none: not the gateway's own verdict
 * (a proxy, a server still starting), so it is retried like a failed connection.
 */
export class UpgradeRefusedError extends EventlineClientError {
  readonly code: ServerErrorCode | 'UPGRADE_REFUSED';
  override readonly retriable: boolean;

  constructor(
    /** The HTTP status, e.g. 401. */
    readonly status: number,
    code: ServerErrorCode | undefined,
    message: string,
    /** From `Retry-After` (429, 503): the client waits at least this long before the next attempt. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.code = code ?? 'UPGRADE_REFUSED';
    this.retriable = code === undefined || RETRIABLE_SERVER_CODES.has(code) || status >= 500;
  }
}

/** The connection went silent: no pong (nor anything else) within `pongTimeoutMs` of a ping. It is dropped and dialled again. */
export class PingTimeoutError extends EventlineClientError {
  readonly code = 'PING_TIMEOUT' as const;
  override readonly retriable = true;
}

/** A connection attempt did not open within `connectTimeoutMs` (a frozen gateway accepts TCP but never answers). */
export class ConnectTimeoutError extends EventlineClientError {
  readonly code = 'CONNECT_TIMEOUT' as const;
  override readonly retriable = true;
}

/** `getToken` threw, rejected or returned no token; `cause` is what it threw. Asked again before the next attempt. */
export class TokenRequestError extends EventlineClientError {
  readonly code = 'TOKEN_REQUEST_FAILED' as const;
  override readonly retriable = true;
}

/**
 * Inferred, for WebSocket implementations that hide a refused upgrade's status (browsers): an
 * attempt failed before opening while the token had expired by its `exp` on this machine's clock.
 */
export class TokenExpiredError extends EventlineClientError {
  readonly code = 'TOKEN_EXPIRED' as const;
}

/** `close()` was called before the request was answered. */
export class ClientClosedError extends EventlineClientError {
  readonly code = 'CLOSED' as const;
}

/**
 * No outcome within `commandTimeoutMs`. The command may still be decided: sending it again
 * with the same `id` returns its first outcome, never a second set of events.
 */
export class CommandTimeoutError extends EventlineClientError {
  readonly code = 'TIMEOUT' as const;
  override readonly retriable = true;

  constructor(
    readonly commandId: string,
    timeoutMs: number,
  ) {
    super(`no outcome for command ${commandId} within ${timeoutMs} ms`);
  }
}

/** A command whose frame is larger than the gateway takes (`maxFrameBytes`): it was not sent. */
export class FrameTooLargeError extends EventlineClientError {
  readonly code = 'FRAME_TOO_LARGE' as const;

  constructor(
    readonly commandId: string,
    readonly bytes: number,
    maxFrameBytes: number,
  ) {
    super(`command ${commandId} is ${bytes} bytes as a frame, over the gateway's ${maxFrameBytes}: not sent`);
  }
}

/** A server frame that is not JSON text made of protocol messages; the frame is skipped. */
export class MalformedFrameError extends EventlineClientError {
  readonly code = 'MALFORMED_FRAME' as const;
}

/** Any thrown value as an Error (token functions and WebSocket constructors may throw anything). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
