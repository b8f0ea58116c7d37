/**
 * The CLI's PostgreSQL connection: MikroORM's pool, as every service has it
 * (platform/db/orm.ts: TLS from DATABASE_URL and DATABASE_CA_FILE), with a short connection
 * timeout and failures that name the server without its password. Statements run through the
 * read models' SqlSession (read-models/sql/session.ts), as in the projector. The CLI maps no
 * entities and applies no migrations: the services own the tables.
 */
import { createOrm, type Orm } from '../platform/db';
import { UnavailableError } from '../platform/errors';
import { createLogger } from '../platform/logger';

const CONNECTION_TIMEOUT_MS = 3_000;
/** A replay holds one connection for its whole run and publishes view changes on another. */
const POOL_SIZE = 2;

/** `host:port/database` of a connection URL: what an error may show. */
function describeDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function connectDatabase(databaseUrl: string, databaseCaFile: string | undefined): Promise<Orm> {
  try {
    // MikroORM connects (and fails) in init.
    return await createOrm({
      databaseUrl,
      databaseCaFile,
      entities: [],
      migrations: [],
      logger: createLogger('eventline-cli', 'silent'),
      poolMax: POOL_SIZE,
      connectTimeoutMs: CONNECTION_TIMEOUT_MS,
      applicationName: 'eventline-cli',
    });
  } catch (error) {
    throw new UnavailableError(`cannot reach PostgreSQL at ${describeDatabase(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** `databaseCaFile`: DATABASE_CA_FILE (CliSettings). */
export async function withDatabase<T>(databaseUrl: string, databaseCaFile: string | undefined, work: (orm: Orm) => Promise<T>): Promise<T> {
  const orm = await connectDatabase(databaseUrl, databaseCaFile);
  try {
    return await work(orm);
  } finally {
    await orm.close().catch(() => undefined);
  }
}
