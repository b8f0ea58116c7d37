/**
 * Client frames, step one: every frame is a JSON object with an `op` and a request `id`.
 * What each op carries beyond that is read by that op's own reader (command-request.ts;
 * subscribe/unsubscribe later), so adding an op never touches this file.
 *
 * Returns a result instead of throwing: a flood of malformed frames is a normal load case,
 * and the caller needs the request id (when there is one) to answer the error.
 */
import { BadRequestError } from '../../platform/errors';

/** Longest request id echoed back; longer ids are refused so that errors stay small. */
export const MAX_REQUEST_ID_LENGTH = 128;

export interface ClientFrame {
  readonly op: string;
  readonly id: string;
  /** The whole frame object, `op` and `id` included, for the op's reader. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export type ParsedFrame = { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly id: string | null; readonly error: BadRequestError };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refused(id: string | null, message: string): ParsedFrame {
  return { ok: false, id, error: new BadRequestError(message) };
}

export function parseClientFrame(text: string): ParsedFrame {
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    return refused(null, 'frame is not valid JSON');
  }
  if (!isPlainObject(fields)) return refused(null, 'frame must be a JSON object');
  const { id, op } = fields;
  if (typeof id !== 'string' || id === '' || id.length > MAX_REQUEST_ID_LENGTH) {
    return refused(null, `"id" must be a string of 1..${MAX_REQUEST_ID_LENGTH} chars`);
  }
  if (typeof op !== 'string' || op === '') return refused(id, '"op" must be a non-empty string');
  return { ok: true, frame: { op, id, fields } };
}
