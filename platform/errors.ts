/**
 * The one error module. Every failure Eventline reports is one of these classes:
 * code branches on the class or on `code` / `retriable`, never on message text.
 *
 * `code` is the stable wire code (the WebSocket `error.code` and the HTTP problem body);
 * `httpStatus` is what the HTTP layer answers with.
 */

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'TOKEN_EXPIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_COMMAND'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'SCHEMA_UNKNOWN_ID'
  | 'SCHEMA_DECODE_FAILED'
  | 'SCHEMA_INCOMPATIBLE'
  | 'INFRA_MISSING'
  | 'DATA_REFUSED'
  | 'INTERNAL';

export interface FieldIssue {
  /** Dotted path of the bad field inside the record, e.g. `items.0.qty`. */
  path: string;
  /** What the schema expects there, e.g. `int` or `string (1..4000 chars)`. */
  expected: string;
  /** Human-readable description. */
  message: string;
}

export interface ErrorContext {
  [key: string]: unknown;
}

export abstract class EventlineError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly httpStatus: number;
  /** True when the same operation may succeed if simply tried again later. */
  readonly retriable: boolean = false;
  readonly context: ErrorContext;

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }
}

/** Malformed input: not JSON, missing fields, unknown op, bad query parameter. */
export class BadRequestError extends EventlineError {
  readonly code = 'BAD_REQUEST' as const;
  readonly httpStatus = 400;
}

/** No credentials, or credentials that do not verify (bad signature, expired). */
export class UnauthorizedError extends EventlineError {
  readonly code = 'UNAUTHORIZED' as const;
  readonly httpStatus = 401;
}

/** The token was valid and has expired: a live socket is sent this, then closed (renew it with the `auth` op before). */
export class TokenExpiredError extends EventlineError {
  readonly code = 'TOKEN_EXPIRED' as const;
  readonly httpStatus = 401;
}

/** Valid credentials that do not grant this action (missing scope, key not allowed, not the owner). */
export class ForbiddenError extends EventlineError {
  readonly code = 'FORBIDDEN' as const;
  readonly httpStatus = 403;
}

/** Unknown domain, command, view, stream or key. */
export class NotFoundError extends EventlineError {
  readonly code = 'NOT_FOUND' as const;
  readonly httpStatus = 404;
}

/** Most issues an InvalidCommandError lists: an error reply stays small whatever the input. */
export const MAX_REPORTED_ISSUES = 20;

/**
 * Command data that does not match its Avro schema; `issues` names the bad fields (at most
 * MAX_REPORTED_ISSUES of them) and `total` counts them all.
 */
export class InvalidCommandError extends EventlineError {
  readonly code = 'INVALID_COMMAND' as const;
  readonly httpStatus = 400;
  readonly issues: readonly FieldIssue[];
  readonly total: number;

  constructor(message: string, issues: readonly FieldIssue[], options: { cause?: unknown; context?: ErrorContext; total?: number } = {}) {
    super(message, options);
    this.issues = issues.slice(0, MAX_REPORTED_ISSUES);
    this.total = Math.max(options.total ?? issues.length, issues.length);
  }
}

/** The caller exceeded a rate or a count limit; `retryAfterSeconds` says when trying again makes sense. */
export class RateLimitedError extends EventlineError {
  readonly code = 'RATE_LIMITED' as const;
  readonly httpStatus = 429;
  override readonly retriable = true;
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext; retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }
}

/** Seconds an HTTP 503 asks the client to wait before retrying (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/** A dependency (Kafka, Postgres) is not reachable or the process is shutting down. */
export class UnavailableError extends EventlineError {
  readonly code = 'UNAVAILABLE' as const;
  readonly httpStatus = 503;
  override readonly retriable = true;
}

/**
 * A dependency did not answer in time (e.g. no command outcome within COMMAND_TIMEOUT_MS).
 * Same wire code as UnavailableError; HTTP answers 504 because the gateway itself is fine.
 */
export class TimedOutError extends EventlineError {
  readonly code = 'UNAVAILABLE' as const;
  readonly httpStatus = 504;
  override readonly retriable = true;
}

/** An environment variable is missing or malformed; `variable` names it. */
export class ConfigError extends EventlineError {
  readonly code = 'CONFIG_INVALID' as const;
  readonly httpStatus = 500;
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`, { context: { variable } });
    this.variable = variable;
  }
}

/** A record names a schema id the catalog does not know. */
export class UnknownSchemaError extends EventlineError {
  readonly code = 'SCHEMA_UNKNOWN_ID' as const;
  readonly httpStatus = 400;
}

/** Bytes that are not a valid framed Avro record (wrong magic byte, truncated, corrupt). */
export class DecodeError extends EventlineError {
  readonly code = 'SCHEMA_DECODE_FAILED' as const;
  readonly httpStatus = 400;
}

/** Two schema versions that cannot read each other's data. */
export class SchemaIncompatibleError extends EventlineError {
  readonly code = 'SCHEMA_INCOMPATIBLE' as const;
  readonly httpStatus = 500;
}

/** A tool the local stack needs (java, mvn) is not installed or not on PATH. */
export class InfraMissingError extends EventlineError {
  readonly code = 'INFRA_MISSING' as const;
  readonly httpStatus = 500;
}

/** The database refused a value a record carries (a NUL in text, a key too long to index): the record is dead-lettered. */
export class DataRefusedError extends EventlineError {
  readonly code = 'DATA_REFUSED' as const;
  readonly httpStatus = 500;
}

/** A bug or an unexpected state; never sent to clients with its message. */
export class InternalError extends EventlineError {
  readonly code = 'INTERNAL' as const;
  readonly httpStatus = 500;
}

/**
 * Socket error codes, and PostgreSQL SQLSTATEs (class 08 "connection exception" is matched by
 * its prefix), that say a dependency cannot be reached right now rather than that the request
 * or the code is wrong: the server shutting down (57P01–57P03) or full (53300).
 */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** Client libraries' classes for the same (knex's pool, MikroORM, kafkajs). */
const UNREACHABLE_NAMES: ReadonlySet<string> = new Set(['KnexTimeoutError', 'ConnectionException', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError']);
/** pg reports a connection dropped mid-query, or a pool that could not connect in time, with no code. */
const UNREACHABLE_PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;
/** How deep to follow `cause` (and MikroORM's `previous`) when looking for the root failure. */
const CAUSE_DEPTH = 5;

function isUnreachable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < CAUSE_DEPTH && current instanceof Error; depth += 1) {
    const { code, name, message } = current as Error & { code?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (UNREACHABLE_NAMES.has(name) || UNREACHABLE_PG_MESSAGES.test(message)) return true;
    current = current.cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}

/**
 * Wraps anything thrown into an EventlineError so callers have one shape to handle. A failure
 * to reach a dependency (PostgreSQL down, Kafka unreachable) becomes UnavailableError — 503,
 * retriable — and anything else InternalError.
 */
export function toEventlineError(error: unknown): EventlineError {
  if (error instanceof EventlineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // The message reaches clients: it names no host; the cause keeps the details for the log.
  if (isUnreachable(error)) return new UnavailableError('a service this request needs (database or Kafka) is unreachable right now; retry shortly', { cause: error });
  return new InternalError(message, { cause: error });
}
