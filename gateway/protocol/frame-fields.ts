/** Checks every op reader (and the HTTP command body) makes of the fields a client sent. */
import { BadRequestError } from '../../platform/errors';
import { clip } from '../../platform/text';

/**
 * Unknown fields are refused rather than ignored: a misspelt `fromVersio` or `correlationID`
 * would otherwise vanish silently. `hint` is appended to the message when given.
 */
export function rejectUnknownFields(fields: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, where: string, hint?: string): void {
  const unknown = Object.keys(fields).filter((field) => !allowed.has(field));
  if (unknown.length > 0) {
    const extra = hint === undefined ? '' : `; ${hint}`;
    const named = unknown.slice(0, MAX_NAMED_FIELDS).map((field) => clip(field));
    const more = unknown.length > MAX_NAMED_FIELDS ? ` and ${unknown.length - MAX_NAMED_FIELDS} more` : '';
    throw new BadRequestError(`unknown field${unknown.length > 1 ? 's' : ''} ${named.join(', ')}${more} in ${where} (allowed: ${[...allowed].join(', ')}${extra})`);
  }
}

/** How many unknown field names a refusal repeats (their names are the client's, clipped too). */
const MAX_NAMED_FIELDS = 5;

/** Longest key a client may name: the same bound as every id in a command. */
export const MAX_KEY_LENGTH = 128;

/** A stream key or aggregate id: 1..128 characters and no U+0000 (the read models could not look it up). */
export function boundedKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_KEY_LENGTH || value.includes('\u0000')) {
    throw new BadRequestError(`"${field}" must be a string of 1..${MAX_KEY_LENGTH} characters without U+0000`);
  }
  return value;
}

/** Whether `value` could name a key at all (REST paths answer 404 for one that cannot). */
export function isBoundedKey(value: string): boolean {
  return value !== '' && value.length <= MAX_KEY_LENGTH && !value.includes('\u0000');
}

/** A name the client picks from a list the gateway knows (op, domain, command, stream): bounded like a key. */
export function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_KEY_LENGTH) throw new BadRequestError(`"${field}" must be a string of 1..${MAX_KEY_LENGTH} characters`);
  return value;
}
