/**
 * MikroORM against PostgreSQL, with the migrations of read-models/ applied at start-up.
 * Entities are EntitySchema definitions (no decorators), so any transpiler works.
 */
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { Client } from 'pg';
import type { Logger } from '../logger';
import { postgresConnection } from './connection';

export type Orm = MikroORM;

export interface OrmOptions {
  databaseUrl: string;
  /** DATABASE_CA_FILE, for `sslmode=verify-full` / `verify-ca` (connection.ts). */
  databaseCaFile?: string;
  entities: EntitySchema<any>[];
  migrations: MigrationObject[];
  logger: Logger;
  /** Connection pool size; the projector wants few, the gateway a few more. */
  poolMax?: number;
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  const dbLogger = options.logger.child({ component: 'mikro-orm' });
  const { connectionString, ssl } = postgresConnection(options.databaseUrl, options.databaseCaFile);
  return MikroORM.init({
    clientUrl: connectionString,
    // MikroORM reads host, port, user and database from the URL, and TLS only from here.
    driverOptions: { connection: { ssl } },
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
 * session-level advisory lock on a connection of its own (the pool could hand the unlock
 * to another session).
 */
export async function migrate(orm: Orm, databaseUrl: string, databaseCaFile?: string): Promise<string[]> {
  const lock = new Client(postgresConnection(databaseUrl, databaseCaFile));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}
