/** A fresh PostgreSQL database per test (migrated), and reading read models back from it. */
import { Client } from 'pg';
import type { Versioned } from '../../../../domains';
import { createOrm, migrate, type Orm } from '../../../../platform/db';
import { createLogger } from '../../../../platform/logger';
import { decodeCheckpoint, entities, inTransaction, migrations, rowsByKey, selectColumns, type AnyReadModel, type Checkpoint } from '../../../../read-models';
import { testDatabaseUrl } from '../../../support/env';
import { uniqueName } from '../../../support/names';

export interface TestDatabase {
  url: string;
  orm: Orm;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix).replace(/-/g, '_');
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const parsed = new URL(testDatabaseUrl());
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const orm = await createOrm({ databaseUrl: url, entities, migrations, logger: createLogger('test', 'silent'), poolMax: 8 });
  await migrate(orm);
  return {
    url,
    orm,
    drop: async () => {
      await orm.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Every row of a read model, by row key. */
export async function readTable(orm: Orm, model: AnyReadModel): Promise<Map<string, Versioned<object>>> {
  return inTransaction(orm, async (session) => rowsByKey(model, (await session.query({ text: `SELECT ${selectColumns(model)} FROM ${model.table}`, values: [] })).rows));
}

export async function checkpointsOf(orm: Orm, topic: string): Promise<Checkpoint[]> {
  return inTransaction(orm, async (session) =>
    (await session.query({ text: 'SELECT * FROM projection_checkpoints WHERE topic = $1 ORDER BY projection, partition', values: [topic] })).rows.map(decodeCheckpoint),
  );
}
