/** The replay's own statements (DDL, catalog reads, locks), written inline, on the read models' SqlSession. */
import type { QueryResultRow } from 'pg';
import type { SqlSession } from '../../../read-models';

export function query<R extends QueryResultRow = Record<string, unknown>>(session: SqlSession, text: string, values: unknown[] = []): Promise<{ rows: R[]; rowCount: number }> {
  return session.query<R>({ text, values });
}
