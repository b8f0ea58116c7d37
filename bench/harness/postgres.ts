/**
 * PostgreSQL for benchmarks: each benchmark gets a database of its own on the bench's server,
 * dropped when it ends. Services under test run their migrations into it and write their
 * read models there, so a run against a shared server (DATABASE_URL) never touches the
 * real read-model tables, and no benchmark sees another's rows.
 */
import { Client } from 'pg';
import { createOrm, migrate } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { entities, migrations } from '../../read-models';
import { roomsReadModel } from '../../domains/chat';
import { VERSION_COLUMN } from '../../read-models/read-model';
import type { BenchContext } from './benchmark';

/** A connected client, closed when the benchmark ends. */
export async function benchPgClient(context: BenchContext, url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  context.defer(() => client.end());
  return client;
}

/** Creates `bench_<run>_<benchmark>` and returns its URL. */
export async function benchDatabase(context: BenchContext): Promise<string> {
  const name = `bench_${context.runId}_${context.name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = new Client({ connectionString: context.stack.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  context.defer(async () => {
    const dropper = new Client({ connectionString: context.stack.databaseUrl });
    await dropper.connect();
    // FORCE: a service killed mid-benchmark may leave a connection behind.
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => dropper.end());
  });
  const url = new URL(context.stack.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the read-model tables in `url` as a service does at start-up, for benchmarks that start none (replay). */
export async function migrateReadModels(url: string): Promise<void> {
  const orm = await createOrm({ databaseUrl: url, entities, migrations, logger: createLogger('bench', 'silent'), poolMax: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
}

/**
 * Public chat rooms as the projector writes them for RoomCreated. The gateway lets a socket
 * follow a room only once its row exists (docs/protocol.md); the benchmarks that subscribe run
 * no projector, so they put the rows there themselves.
 */
export async function seedPublicRooms(context: BenchContext, url: string, roomIds: readonly string[]): Promise<void> {
  const columns = roomsReadModel.columns;
  const client = await benchPgClient(context, url);
  await client.query(
    `INSERT INTO ${roomsReadModel.table} (${columns.roomId.name}, ${columns.title.name}, ${columns.createdBy.name}, ${columns.private.name}, ` +
      `${columns.createdAt.name}, ${columns.messageCount.name}, ${columns.lastSeq.name}, ${columns.updatedAt.name}, ${VERSION_COLUMN.name}) ` +
      `SELECT id, id, 'bench', false, now(), 0, 0, now(), 1 FROM unnest($1::text[]) AS id ON CONFLICT DO NOTHING`,
    [roomIds],
  );
}
