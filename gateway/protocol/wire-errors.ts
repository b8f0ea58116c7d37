/**
 * How an error reaches a client: the same code, message and details in a WebSocket error
 * frame, an HTTP problem body and a refused upgrade. Only the codes of the wire protocol
 * leave the gateway with their message; anything else (a bug, a schema catalog problem) is
 * answered as INTERNAL with a generic message, and the caller logs the real one.
 */
import { InvalidCommandError, toEventlineError, type ErrorCode, type FieldIssue } from '../../platform/errors';

const CLIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_COMMAND', 'RATE_LIMITED', 'UNAVAILABLE']);

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: readonly FieldIssue[];
  readonly httpStatus: number;
}

const INTERNAL: WireError = Object.freeze({ code: 'INTERNAL', message: 'internal error', details: [], httpStatus: 500 });

export function toWireError(error: unknown): WireError {
  const known = toEventlineError(error);
  if (!CLIENT_CODES.has(known.code)) return INTERNAL;
  return { code: known.code, message: known.message, details: known instanceof InvalidCommandError ? known.issues : [], httpStatus: known.httpStatus };
}

/** The HTTP problem body: `{"error":{"code","message","details"}}`. */
export function problemBody(error: WireError): { error: { code: ErrorCode; message: string; details: readonly FieldIssue[] } } {
  return { error: { code: error.code, message: error.message, details: error.details } };
}
