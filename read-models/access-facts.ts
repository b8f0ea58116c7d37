/**
 * The facts each domain's access rule (`DomainAccess.canSee`) is decided on, read from its
 * read models with the query the domain defines (`accessFacts`, e.g. an order's customer; a
 * room's privacy and whether the reader is a member). One indexed lookup per question;
 * `undefined` when the aggregate has no row (yet).
 */
import type { DomainModule } from '../domains';
import type { Orm } from '../platform/db';
import { withSession } from './sql/session';

export type AccessFactsReader = (domain: Pick<DomainModule, 'accessFacts'>, aggregateId: string, userId: string) => Promise<unknown>;

export function postgresAccessFacts(orm: Orm): AccessFactsReader {
  return ({ accessFacts: query }, aggregateId, userId) =>
    withSession(orm, async (session) => {
      const [row] = (await session.query(query.statement(aggregateId, userId))).rows;
      return row === undefined ? undefined : query.decode(row);
    });
}
