/**
 * MikroORM against PostgreSQL, with the migrations of read-models/ applied at start-up.
 * Entities are EntitySchema definitions (no decorators), so any transpiler works.
 */
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { Client } from 'pg';
import type { Logger } from '../logger';

export type Orm = MikroORM;

export interface OrmOptions {
  databaseUrl: string;
  entities: EntitySchema<any>[];
  migrations: MigrationObject[];
  logger: Logger;
  /** Connection pool size; the projector wants few, the gateway a few more. */
  poolMax?: number;
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  const dbLogger = options.logger.child({ component: 'mikro-orm' });
  return MikroORM.init({
    clientUrl: options.databaseUrl,
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
export async function migrate(orm: Orm, databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}
