/**
 * The facts each domain's access rule (`DomainAccess.canSee`) is decided on, read from its
 * read models with the query the domain defines (`accessFacts`, e.g. an order's customer; a
 * room's privacy and whether the reader is a member). One indexed lookup per question;
 * `undefined` when the aggregate has no row (yet).
 */
import { findDomain } from '../domains';
import { InternalError } from '../platform/errors';
import type { Orm } from '../platform/db';
import { withSession } from './sql/session';

export type AccessFactsReader = (domain: string, aggregateId: string, userId: string) => Promise<unknown>;

export function postgresAccessFacts(orm: Orm): AccessFactsReader {
  return (domainName, aggregateId, userId) =>
    withSession(orm, async (session) => {
      const domain = findDomain(domainName);
      if (domain === undefined) throw new InternalError(`no registered domain ${domainName} to read access facts of`);
      const query = domain.accessFacts;
      const [row] = (await session.query(query.statement(aggregateId, userId))).rows;
      return row === undefined ? undefined : query.decode(row);
    });
}
