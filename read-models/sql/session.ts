/**
 * Statements for bulk read-model work: plain node-postgres on a connection borrowed from
 * MikroORM's pool. Array parameters (`= ANY($1)`, `unnest($1, …)`) go to the server as bind
 * parameters and appended rows as COPY data (`pg-copy-streams` on the same connection), with no
 * ORM layer, identity map or query formatting in the hot path, and the projector still shares
 * one pool and one configuration with the rest of the process.
 */
import { pipeline } from 'node:stream/promises';
import type { ClientBase, QueryResultRow } from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Orm } from '../../platform/db';
import type { CopyStatement } from './copy';
import type { Statement } from './statement';

export interface SqlSession {
  query<R extends QueryResultRow = Record<string, unknown>>(statement: Statement): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a COPY … FROM STDIN with its data; resolves to the rows copied. */
  copyFrom(statement: CopyStatement): Promise<number>;
}

/**
 * Runs `work` on one pooled connection, each statement committing on its own: for reads that
 * need their statements in order on one connection but no transaction (the gateway's polls).
 */
export async function withSession<T>(orm: Orm, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const pool = orm.em.getConnection().getKnex().client;
  const client = (await pool.acquireConnection()) as ClientBase;
  const session: SqlSession = {
    query: async <R extends QueryResultRow>(statement: Statement) => {
      const result = await client.query<R>(statement.text, statement.values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    copyFrom: async (statement: CopyStatement) => {
      const stream = client.query(copyFromStdin(statement.text));
      await pipeline([statement.data], stream);
      return stream.rowCount;
    },
  };
  try {
    return await work(session);
  } finally {
    await pool.releaseConnection(client);
  }
}

const BEGIN: Statement = { text: 'BEGIN', values: [] };
const COMMIT: Statement = { text: 'COMMIT', values: [] };
const ROLLBACK: Statement = { text: 'ROLLBACK', values: [] };

/** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export function inTransaction<T>(orm: Orm, work: (session: SqlSession) => Promise<T>): Promise<T> {
  return withSession(orm, async (session) => {
    try {
      await session.query(BEGIN);
      const result = await work(session);
      await session.query(COMMIT);
      return result;
    } catch (error) {
      // A broken connection cannot roll back; knex's pool discards it on the next acquire.
      await session.query(ROLLBACK).catch(() => undefined);
      throw error;
    }
  });
}
