/**
 * MikroORM against PostgreSQL, with the application's migrations applied at start-up. The
 * tables are the caller's (DatabaseSchema): platform/ knows none of them. Entities are
 * EntitySchema definitions (no decorators), so any transpiler works.
 */
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import type { ClientBase } from 'pg';
import type { Logger } from '../logger';
import { postgresConnection } from './connection';

export type Orm = MikroORM;

/** The application's tables: what MikroORM maps and the migrations that create them. */
export interface DatabaseSchema {
  entities: EntitySchema<any>[];
  migrations: MigrationObject[];
}

export interface OrmOptions extends DatabaseSchema {
  databaseUrl: string;
  /** DATABASE_CA_FILE, for `sslmode=verify-full` / `verify-ca` (connection.ts). */
  databaseCaFile?: string;
  logger: Logger;
  /** Connection pool size; the projector wants few, the gateway a few more. */
  poolMax?: number;
  /** How long a new connection may take (the CLI fails fast); no limit by default. */
  connectTimeoutMs?: number;
  /** `application_name`, which pg_stat_activity shows. */
  applicationName?: string;
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  const dbLogger = options.logger.child({ component: 'mikro-orm' });
  const { connectionString, ssl } = postgresConnection(options.databaseUrl, options.databaseCaFile);
  return MikroORM.init({
    clientUrl: connectionString,
    // MikroORM reads host, port, user and database from the URL, and TLS only from here.
    driverOptions: { connection: { ssl, connectionTimeoutMillis: options.connectTimeoutMs, application_name: options.applicationName } },
    entities: options.entities,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: { migrationsList: options.migrations, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: false,
    logger: (message: string) => dbLogger.debug(message),
    allowGlobalContext: false,
  });
}

const MIGRATION_LOCK_ID = 727_001;

/**
 * Applies pending migrations. Several services start at once, so they take turns: a
 * session-level advisory lock on a connection of its own, opened with the pool's settings but
 * outside it (the pool could hand the unlock to another session, and a pool of one would have
 * nothing left for the migrations).
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const driver = orm.em.getConnection().getKnex().client;
  const lock = (await driver.acquireRawConnection()) as ClientBase;
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await driver.destroyRawConnection(lock);
  }
}
