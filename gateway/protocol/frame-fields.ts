/** Checks every op reader (and the HTTP command body) makes of the fields a client sent. */
import { BadRequestError } from '../../platform/errors';

/**
 * Unknown fields are refused rather than ignored: a misspelt `fromVersio` or `correlationID`
 * would otherwise vanish silently. `hint` is appended to the message when given.
 */
export function rejectUnknownFields(fields: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, where: string, hint?: string): void {
  const unknown = Object.keys(fields).filter((field) => !allowed.has(field));
  if (unknown.length > 0) {
    const extra = hint === undefined ? '' : `; ${hint}`;
    throw new BadRequestError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in ${where} (allowed: ${[...allowed].join(', ')}${extra})`);
  }
}

export function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new BadRequestError(`"${field}" must be a non-empty string`);
  return value;
}
