/**
 * Transactions for bulk read-model work: plain node-postgres on a connection borrowed from
 * MikroORM's pool. Array parameters (`= ANY($1)`) and multi-row VALUES go to the server as
 * bind parameters, with no ORM layer, identity map or query formatting in the hot path, and
 * the projector still shares one pool and one configuration with the rest of the process.
 */
import type { ClientBase, QueryResultRow } from 'pg';
import type { Orm } from '../../platform/db';
import type { Statement } from './statement';

export interface SqlSession {
  query<R extends QueryResultRow = Record<string, unknown>>(statement: Statement): Promise<{ rows: R[]; rowCount: number }>;
}

/** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(orm: Orm, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const pool = orm.em.getConnection().getKnex().client;
  const client = (await pool.acquireConnection()) as ClientBase;
  const session: SqlSession = {
    query: async <R extends QueryResultRow>(statement: Statement) => {
      const result = await client.query<R>(statement.text, statement.values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
  try {
    await client.query('BEGIN');
    const result = await work(session);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A broken connection cannot roll back; knex's pool discards it on the next acquire.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await pool.releaseConnection(client);
  }
}
