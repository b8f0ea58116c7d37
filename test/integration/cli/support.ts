/** Running the CLI in-process against the test Kafka and PostgreSQL, with an environment of the test's own. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { run } from '../../../cli/main';
import { testBrokers } from '../../support/env';
import { waitFor } from '../../support/kafka';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** The environment the services would have: the test brokers, a database and a topic prefix. */
export function cliEnv(topicPrefix: string, databaseUrl?: string): NodeJS.ProcessEnv {
  return { KAFKA_BROKERS: testBrokers().join(','), TOPIC_PREFIX: topicPrefix, ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }), EVENTLINE_ENV: 'test' };
}

export async function eventline(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(['node', 'eventline', ...args], { out: (text) => (out += text), err: (text) => (err += text) }, env);
  return { code, out, err };
}

/** stdout as JSON Lines. */
export function jsonLines<T = Record<string, unknown>>(out: string): T[] {
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Resolves once a consumer group whose id contains `fragment` has a member (a CLI reader has joined). */
export async function waitForMember(admin: Admin, fragment: string): Promise<void> {
  await waitFor(
    async () => {
      const ids = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.includes(fragment));
      if (ids.length === 0) return undefined;
      return (await admin.describeGroups(ids)).groups.some((group) => group.members.length > 0) ? true : undefined;
    },
    30_000,
    `a member in a group named *${fragment}*`,
  );
}

/** The CLI as a real process (bin/eventline.js → dist/, built by `npm test`'s pretest). */
export interface CliProcess {
  child: ChildProcess;
  /** Output so far. */
  readonly out: string;
  readonly err: string;
  /** Resolves when stderr has printed `pattern`. */
  waitForErr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or 128 + signal number) and the whole output. */
  exited: Promise<CliResult>;
}

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'eventline.js');

export function spawnEventline(env: NodeJS.ProcessEnv, ...args: string[]): CliProcess {
  if (!fs.existsSync(path.resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it first)');
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code: code ?? 128 + (signal ? os.constants.signals[signal] : 0), out, err })),
  );
  return {
    child,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    // Event-driven rather than polled: a test that interrupts a phase must act the moment it starts.
    waitForErr: (pattern, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(err)) return;
          clearTimeout(timer);
          child.stderr.off('data', check);
          resolve();
        };
        const timer = setTimeout(() => reject(new Error(`stderr did not match ${pattern} within ${timeoutMs} ms: ${err}`)), timeoutMs);
        child.stderr.on('data', check);
        check();
      }),
    exited,
  };
}
