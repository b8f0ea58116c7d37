/**
 * The SDK's one error module. Code branches on the class or on `code` / `retriable`, never
 * on message text, like the gateway's own errors (platform/errors.ts).
 */
import type { ErrorMessage, FieldIssue, ServerErrorCode } from './protocol.js';

export type ClientErrorCode = ServerErrorCode | 'CLOSED' | 'TIMEOUT' | 'MALFORMED_FRAME';

export abstract class EventlineClientError extends Error {
  abstract readonly code: ClientErrorCode;
  /** True when the same request may succeed if simply sent again later. */
  readonly retriable: boolean = false;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const RETRIABLE_SERVER_CODES: ReadonlySet<ServerErrorCode> = new Set<ServerErrorCode>(['RATE_LIMITED', 'UNAVAILABLE']);

/** The gateway answered a request with `{"op":"error"}`. */
export class ServerError extends EventlineClientError {
  readonly code: ServerErrorCode;
  override readonly retriable: boolean;
  /** The request the gateway answered; null when it could not tell (e.g. a malformed frame). */
  readonly requestId: string | null;
  /** Every bad field for INVALID_COMMAND; empty otherwise. */
  readonly details: readonly FieldIssue[];

  constructor(reply: ErrorMessage) {
    super(reply.message);
    this.code = reply.code;
    this.retriable = RETRIABLE_SERVER_CODES.has(reply.code);
    this.requestId = reply.id;
    this.details = reply.details ?? [];
  }
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

  constructor(readonly commandId: string, timeoutMs: number) {
    super(`no outcome for command ${commandId} within ${timeoutMs} ms`);
  }
}

/** A server frame that is not JSON text made of protocol messages; the frame is skipped. */
export class MalformedFrameError extends EventlineClientError {
  readonly code = 'MALFORMED_FRAME' as const;
}
