/** The `eventline` process itself: exit codes and one-line errors, as a shell or a script sees them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeStackFile } from '../../infra/stack-file';
import { testBrokers, testDatabaseUrl } from '../support/env';
import { uniqueName } from '../support/names';
import { cliEnv, spawnEventline } from '../integration/cli/support';

jest.setTimeout(60_000);

describe('eventline (process)', () => {
  const env = cliEnv(`${uniqueName('cli-e2e')}.`);

  it('exits 0 with --help', async () => {
    const { code, out } = await spawnEventline(env, 'events', 'dump', '--help').exited;
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
  });

  it('exits 2 on usage errors, before connecting to anything', async () => {
    for (const args of [['events', 'dump', 'x', '--from', 'yesterday'], ['replay', 'nope'], ['frobnicate']]) {
      const { code, err } = await spawnEventline({ KAFKA_BROKERS: '127.0.0.1:1' }, ...args).exited;
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(err).not.toContain('    at ');
    }
  });

  // It gives up rather than retrying for ever (a hang fails on jest's timeout); how soon is not asserted.
  it('exits 1 naming the broker it could not reach, without a stack trace', async () => {
    const { code, err } = await spawnEventline(env, '--brokers', '127.0.0.1:1', 'topics').exited;
    expect(code).toBe(1);
    expect(err).toMatch(/^eventline: cannot reach Kafka at 127\.0\.0\.1:1: .+\n$/);
    const verbose = await spawnEventline(env, '--verbose', '--brokers', '127.0.0.1:1', 'topics').exited;
    expect(verbose.err).toContain('    at ');
  });

  describe('with no KAFKA_BROKERS / DATABASE_URL', () => {
    let dataDir: string;
    beforeEach(() => void (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-cli-'))));
    afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it('exits 1 naming the missing setting when no npm start runs', async () => {
      const { code, err } = await spawnEventline({ TOPIC_PREFIX: 'x.', EVENTLINE_DATA_DIR: dataDir }, 'lag').exited;
      expect(code).toBe(1);
      expect(err).toBe('eventline: KAFKA_BROKERS: not set: set it, pass --brokers host:port[,host:port…], or run npm start in this checkout\n');
    });

    it('uses the stack a running npm start recorded, and says so in one line', async () => {
      // This test process stands in for the running `npm start` whose pid the file names.
      writeStackFile(dataDir, { kafkaBrokers: testBrokers(), databaseUrl: testDatabaseUrl(), pid: process.pid });
      const { code, out, err } = await spawnEventline({ EVENTLINE_DATA_DIR: dataDir }, 'lag', 'projector (db)').exited;
      expect(code).toBe(0);
      expect(out).not.toBe('');
      expect(err).toBe(`eventline: KAFKA_BROKERS and DATABASE_URL are unset: using the stack npm start runs (Kafka ${testBrokers().join(',')}, PostgreSQL ${new URL(testDatabaseUrl()).host}${new URL(testDatabaseUrl()).pathname}; ${path.join(dataDir, 'stack.json')})\n`);
    });

    it('ignores a stack file whose npm start is gone', async () => {
      const gone = 2 ** 22 + 1; // above Linux's default pid_max (2^22): no such process
      writeStackFile(dataDir, { kafkaBrokers: testBrokers(), databaseUrl: testDatabaseUrl(), pid: gone });
      const { code, err } = await spawnEventline({ EVENTLINE_DATA_DIR: dataDir }, 'lag').exited;
      expect(code).toBe(1);
      expect(err).toMatch(/^eventline: KAFKA_BROKERS: not set/);
    });
  });
});
