/** Query parameters of the message history page: `afterSeq` (exclusive) and `limit`. */
import { BadRequestError } from '../../platform/errors';

export const PAGE_DEFAULTS = Object.freeze({ limit: 50, maxLimit: 500 });

export interface PageParams {
  readonly afterSeq: number;
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

/** `afterSeq` defaults to 0 (the first page); `limit` to 50, and more than 500 is served as 500. */
export function pageParams(query: Readonly<Record<string, unknown>>): PageParams {
  const afterSeq = whole(query, 'afterSeq', 0);
  const limit = whole(query, 'limit', PAGE_DEFAULTS.limit);
  if (limit === 0) throw new BadRequestError('query parameter "limit" must be at least 1', { context: { parameter: 'limit' } });
  return { afterSeq, limit: Math.min(limit, PAGE_DEFAULTS.maxLimit) };
}
