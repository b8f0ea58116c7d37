/**
 * Which database errors are about the data, not the database: PostgreSQL SQLSTATE classes
 * 22 (data exception: a NUL in text, an out-of-range number, bad UTF-8), 23 (integrity
 * constraint violation) and 54 (program limit exceeded: a key too long to index). Retrying
 * the same rows can never succeed, so the projector isolates the event that causes one and
 * dead-letters it (poison-isolation.ts). Any other failure (a lost connection, a shutdown, a
 * serialization failure) is retried as the whole batch.
 */
const DATA_ERROR_CLASSES: ReadonlySet<string> = new Set(['22', '23', '54']);

export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}
