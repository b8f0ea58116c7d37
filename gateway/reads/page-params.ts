/** Query parameters of a page route (read-model `page` routes): `after<Sequence>` (exclusive) and `limit`. */
import { BadRequestError } from '../../platform/errors';

export const PAGE_DEFAULTS = Object.freeze({ limit: 50, maxLimit: 500 });

export interface PageParams {
  /** Rows with a sequence above this one (0: the first page). */
  readonly after: number;
  readonly limit: number;
}

/** A non-negative integer query parameter, or `fallback` when absent. */
function whole(query: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw new BadRequestError(`query parameter "${name}" must be a non-negative integer`, { context: { parameter: name } });
  }
  return Number(raw);
}

/** `afterName` (e.g. `afterSeq`) defaults to 0 (the first page); `limit` to 50, and more than 500 is served as 500. */
export function pageParams(query: Readonly<Record<string, unknown>>, afterName: string): PageParams {
  const after = whole(query, afterName, 0);
  const limit = whole(query, 'limit', PAGE_DEFAULTS.limit);
  if (limit === 0) throw new BadRequestError('query parameter "limit" must be at least 1', { context: { parameter: 'limit' } });
  return { after, limit: Math.min(limit, PAGE_DEFAULTS.maxLimit) };
}
