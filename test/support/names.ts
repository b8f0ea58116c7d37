import { randomUUID } from 'node:crypto';

/** A topic / group / schema name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
