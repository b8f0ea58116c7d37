/** The database (embedded PostgreSQL in tests) accepts Eventline's MikroORM migrations. */
import { Client } from 'pg';
import { createOrm, migrate } from '../../../platform/db';
import { createLogger } from '../../../platform/logger';
import { entities } from '../../../read-models/entities';
import { migrations } from '../../../read-models/migrations';
import { testDatabaseUrl } from '../../support/env';
import { uniqueName } from '../../support/names';

describe('PostgreSQL with MikroORM migrations', () => {
  const database = uniqueName('migrate').replace(/-/g, '_');
  const admin = new Client({ connectionString: testDatabaseUrl() });
  let url: string;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const parsed = new URL(testDatabaseUrl());
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('applies every migration once, and again is a no-op, with several processes at once', async () => {
    const logger = createLogger('test', 'silent');
    const orms = await Promise.all([1, 2].map(() => createOrm({ databaseUrl: url, entities, migrations, logger })));
    const applied = await Promise.all(orms.map((orm) => migrate(orm, url)));
    expect(applied.flat().sort()).toEqual(migrations.map((migration) => migration.name).sort());
    expect(await migrate(orms[0]!, url)).toEqual([]);
    const tables = await orms[0]!.em.fork().getConnection().execute<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toContain('projection_checkpoints');
    await Promise.all(orms.map((orm) => orm.close()));
  });
});
