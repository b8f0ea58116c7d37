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
import { isPlainObject, type ClientFrame } from './client-frames';

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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FRAME_FIELDS: ReadonlySet<string> = new Set(['op', 'id', 'domain', 'name', 'key', 'data', 'correlationId']);
const BODY_FIELDS: ReadonlySet<string> = new Set(['id', 'key', 'data', 'correlationId']);

function rejectUnknownFields(fields: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, where: string): void {
  const unknown = Object.keys(fields).filter((field) => !allowed.has(field));
  if (unknown.length > 0) {
    throw new BadRequestError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in ${where} (allowed: ${[...allowed].join(', ')}; userId and issuedAt are set by the gateway)`);
  }
}

function commandId(id: unknown): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new BadRequestError('"id" must be a UUID (the command id)');
  return id;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`"${field}" must be a non-empty string`);
  return value;
}

function request(id: unknown, domain: unknown, name: unknown, fields: Readonly<Record<string, unknown>>): CommandRequest {
  return {
    id: commandId(id),
    domain: nonEmpty(domain, 'domain'),
    name: nonEmpty(name, 'name'),
    key: fields.key,
    data: fields.data,
    correlationId: fields.correlationId,
  };
}

/** `{"op":"command","id","domain","name","key","data","correlationId"?}`. */
export function commandFromFrame(frame: ClientFrame): CommandRequest {
  rejectUnknownFields(frame.fields, FRAME_FIELDS, 'a command frame');
  return request(frame.id, frame.fields.domain, frame.fields.name, frame.fields);
}

/** Body `{id, key, data, correlationId?}` of `POST /api/commands/:domain/:name`. */
export function commandFromBody(domain: string, name: string, body: unknown): CommandRequest {
  if (!isPlainObject(body)) throw new BadRequestError('request body must be a JSON object (Content-Type: application/json)');
  rejectUnknownFields(body, BODY_FIELDS, 'the request body');
  return request(body.id, domain, name, body);
}
