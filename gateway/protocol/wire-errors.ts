/**
 * How an error reaches a client: the same code, message and details in a WebSocket error
 * frame, an HTTP problem body and a refused upgrade. Only the codes of the wire protocol
 * leave the gateway with their message; anything else (a bug, a schema catalog problem) is
 * answered as INTERNAL with a generic message, and the caller logs the real one.
 *
 * Whatever the input, an error stays a few KiB: its message is cut at MAX_MESSAGE_CHARS and
 * its details at MAX_REPORTED_ISSUES (with their total), each detail's texts at
 * MAX_DETAIL_CHARS. Errors clip what they repeat from the input already; this is the backstop.
 */
import { SERVER_ERROR_CODES, type ServerErrorCode } from '../../client/protocol';
import { InvalidCommandError, MAX_REPORTED_ISSUES, RateLimitedError, toEventlineError, type ErrorCode, type FieldIssue } from '../../platform/errors';
import { clip } from '../../platform/text';

/** The codes that reach a client with their message (the wire's codes but INTERNAL). */
const CLIENT_CODES: ReadonlySet<string> = new Set(SERVER_ERROR_CODES.filter((code) => code !== 'INTERNAL'));

const MAX_MESSAGE_CHARS = 1_000;
const MAX_DETAIL_CHARS = 200;

function isClientCode(code: ErrorCode): code is ErrorCode & ServerErrorCode {
  return CLIENT_CODES.has(code);
}

export interface WireError {
  readonly code: ServerErrorCode;
  readonly message: string;
  readonly details: readonly FieldIssue[];
  /** INVALID_COMMAND: how many problems were found, when `details` lists fewer. */
  readonly detailsTotal?: number;
  readonly httpStatus: number;
  /** RATE_LIMITED: when trying again makes sense (HTTP `Retry-After`). */
  readonly retryAfterSeconds?: number;
}

const INTERNAL: WireError = Object.freeze({ code: 'INTERNAL', message: 'internal error', details: [], httpStatus: 500 });

function clipIssue(issue: FieldIssue): FieldIssue {
  return { path: clip(issue.path, MAX_DETAIL_CHARS), expected: clip(issue.expected, MAX_DETAIL_CHARS), message: clip(issue.message, MAX_DETAIL_CHARS) };
}

export function toWireError(error: unknown): WireError {
  const known = toEventlineError(error);
  if (!isClientCode(known.code)) return INTERNAL;
  const wire: WireError = { code: known.code, message: clip(known.message, MAX_MESSAGE_CHARS), details: [], httpStatus: known.httpStatus };
  if (known instanceof RateLimitedError) return { ...wire, retryAfterSeconds: known.retryAfterSeconds };
  if (!(known instanceof InvalidCommandError)) return wire;
  const details = known.issues.slice(0, MAX_REPORTED_ISSUES).map(clipIssue);
  return known.total > details.length ? { ...wire, details, detailsTotal: known.total } : { ...wire, details };
}

/** The HTTP problem body: `{"error":{"code","message","details","detailsTotal"?}}`. */
export function problemBody(error: WireError): { error: { code: ServerErrorCode; message: string; details: readonly FieldIssue[]; detailsTotal?: number } } {
  const body = { code: error.code, message: error.message, details: error.details };
  return { error: error.detailsTotal === undefined ? body : { ...body, detailsTotal: error.detailsTotal } };
}
