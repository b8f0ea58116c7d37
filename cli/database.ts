/**
 * The CLI's PostgreSQL connection: one plain `pg` client (no pool, no ORM: the CLI runs a few
 * statements and bulk loads; only the view publisher of a replay brings its own, see
 * replay/publish-views.ts), TLS as the services have it (platform/db/connection.ts), a short
 * connection timeout, and failures that name the server without its password.
 */
import { Client, type QueryResultRow } from 'pg';
import { postgresConnection } from '../platform/db';
import { UnavailableError } from '../platform/errors';
import type { SqlSession, Statement } from '../read-models';

const CONNECTION_TIMEOUT_MS = 3_000;

/** `host:port/database` of a connection URL: what an error may show. */
function describeDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function connectDatabase(databaseUrl: string, databaseCaFile: string | undefined): Promise<Client> {
  const client = new Client({ ...postgresConnection(databaseUrl, databaseCaFile), connectionTimeoutMillis: CONNECTION_TIMEOUT_MS, application_name: 'eventline-cli' });
  try {
    await client.connect();
  } catch (error) {
    throw new UnavailableError(`cannot reach PostgreSQL at ${describeDatabase(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  // A dropped connection must fail the command, not crash the process from an 'error' event.
  client.on('error', () => undefined);
  return client;
}

/** `databaseCaFile`: DATABASE_CA_FILE (CliSettings). */
export async function withDatabase<T>(databaseUrl: string, databaseCaFile: string | undefined, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectDatabase(databaseUrl, databaseCaFile);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The read-models' statement runner over the CLI's connection, so their SQL builders run here as in the projector. */
export function sqlSession(client: Client): SqlSession {
  return {
    query: async <R extends QueryResultRow>(statement: Statement) => {
      const result = await client.query<R>(statement.text, statement.values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}
