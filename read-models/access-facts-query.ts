/** How a domain reads the facts its `access.canSee` needs (domains/<name>/read-models/access-facts.ts). */
import type { Statement } from './sql/statement';

/** One statement, one row or none; `decode` turns the row into the domain's facts. */
export interface AccessFactsQuery<Facts> {
  statement(aggregateId: string, userId: string): Statement;
  decode(row: Record<string, unknown>): Facts;
}
