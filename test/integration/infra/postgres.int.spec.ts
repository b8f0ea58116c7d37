/** The database (embedded PostgreSQL in tests) accepts Eventline's MikroORM migrations; a local server that cannot start says why in one line. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startPostgres } from '../../../infra/postgres';
import { removePostgresData } from '../../../infra/postgres-placement';
import { freePort } from '../../../infra/ports';
import { UnavailableError } from '../../../platform/errors';
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
    const applied = await Promise.all(orms.map((orm) => migrate(orm)));
    expect(applied.flat().sort()).toEqual(migrations.map((migration) => migration.name).sort());
    expect(await migrate(orms[0]!)).toEqual([]);
    const tables = await orms[0]!.em.fork().getConnection().execute<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toContain('projection_checkpoints');
    await Promise.all(orms.map((orm) => orm.close()));
  });
});

describe('local PostgreSQL that cannot start', () => {
  it('fails with one line naming the cause and the log', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-pg-')), 'postgres');
    const port = await freePort();
    // Another program on the port the server must keep (a restart keeps its address).
    const squatter = net.createServer((socket) => socket.destroy()).listen(port, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      const failure = await startPostgres({ dataDir, port, strictPort: true, unsafeFast: true }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UnavailableError);
      const message = (failure as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^PostgreSQL exited while starting \(exit code 1: .*FATAL.*\): see .*postgres\.log$/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      removePostgresData(dataDir);
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
