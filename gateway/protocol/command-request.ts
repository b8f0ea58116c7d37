/**
 * What a client asks to run, read from a WebSocket `command` frame or from an HTTP
 * `POST /api/commands/:domain/:name` body. Only the envelope is checked here; `key`,
 * `correlationId` and `data` are checked against the command's Avro schema (ingress), so
 * that one INVALID_COMMAND error lists every bad field at once.
 *
 * Unknown envelope fields are refused (BAD_REQUEST) rather than ignored: a misspelt
 * `correlationID` would otherwise vanish silently, and `userId` / `issuedAt` are the
 * gateway's to set, so a client that sends them learns so at once.
 */
import { BadRequestError } from '../../platform/errors';
import { MAX_TRACE_HEADER_CHARS } from '../../platform/tracing';
import { isPlainObject, type ClientFrame } from './client-frames';
import { nonEmptyString, rejectUnknownFields } from './frame-fields';

export interface CommandRequest {
  /** The command id: a UUID chosen by the client, the idempotency key. */
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  /** The aggregate id (Kafka key); schema-checked as the record's `aggregateId`. */
  readonly key: unknown;
  /** Business payload; schema-checked as the record's `data`. */
  readonly data: unknown;
  /** Absent means null; schema-checked. */
  readonly correlationId: unknown;
  /** The client's W3C trace context (frame fields, or HTTP headers); one that does not parse starts a new trace. */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** The client's trace context as sent: frame fields or HTTP headers. */
export interface TraceContextFields {
  readonly traceparent?: unknown;
  readonly tracestate?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FRAME_FIELDS: ReadonlySet<string> = new Set(['op', 'id', 'domain', 'name', 'key', 'data', 'correlationId', 'await', 'traceparent', 'tracestate']);
const BODY_FIELDS: ReadonlySet<string> = new Set(['id', 'key', 'data', 'correlationId']);
const GATEWAY_FIELDS_HINT = 'userId and issuedAt are set by the gateway';

function commandId(id: unknown): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new BadRequestError('"id" must be a UUID (the command id)');
  return id;
}

function traceField(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TRACE_HEADER_CHARS) throw new BadRequestError(`"${field}" must be a string of at most ${MAX_TRACE_HEADER_CHARS} characters (W3C trace context)`);
  return value;
}

function request(id: unknown, domain: unknown, name: unknown, fields: Readonly<Record<string, unknown>>, trace: TraceContextFields): CommandRequest {
  return {
    id: commandId(id),
    domain: nonEmptyString(domain, 'domain'),
    name: nonEmptyString(name, 'name'),
    key: fields.key,
    data: fields.data,
    correlationId: fields.correlationId,
    traceparent: traceField(trace.traceparent, 'traceparent'),
    tracestate: traceField(trace.tracestate, 'tracestate'),
  };
}

/** `{"op":"command","id","domain","name","key","data","correlationId"?,"await"?,"traceparent"?,"tracestate"?}`. */
export function commandFromFrame(frame: ClientFrame): CommandRequest {
  rejectUnknownFields(frame.fields, FRAME_FIELDS, 'a command frame', GATEWAY_FIELDS_HINT);
  return request(frame.id, frame.fields.domain, frame.fields.name, frame.fields, frame.fields);
}

/** Body `{id, key, data, correlationId?}` of `POST /api/commands/:domain/:name`; the trace context comes from the request's `traceparent` / `tracestate` headers. */
export function commandFromBody(domain: string, name: string, body: unknown, trace: TraceContextFields = {}): CommandRequest {
  if (!isPlainObject(body)) throw new BadRequestError('request body must be a JSON object (Content-Type: application/json)');
  rejectUnknownFields(body, BODY_FIELDS, 'the request body', GATEWAY_FIELDS_HINT);
  return request(body.id, domain, name, body, trace);
}

/**
 * `"await":"projected"` on a command frame: the outcome is sent only once every read model of
 * the domain has applied the command's events (read-your-writes). `"outcome"`, the default,
 * sends it as soon as it is decided.
 */
export function awaitsProjection(frame: ClientFrame): boolean {
  const wanted = frame.fields.await;
  if (wanted === undefined || wanted === 'outcome') return false;
  if (wanted === 'projected') return true;
  throw new BadRequestError('"await" must be "outcome" or "projected" when given');
}
