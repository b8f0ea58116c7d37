/** The `eventline` process itself: exit codes and one-line errors, as a shell or a script sees them. */
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

  it('exits 1 naming the broker it could not reach, quickly and without a stack trace', async () => {
    const started = Date.now();
    const { code, err } = await spawnEventline(env, '--brokers', '127.0.0.1:1', 'topics').exited;
    expect(code).toBe(1);
    expect(err).toMatch(/^eventline: cannot reach Kafka at 127\.0\.0\.1:1: .+\n$/);
    expect(Date.now() - started).toBeLessThan(15_000);
    const verbose = await spawnEventline(env, '--verbose', '--brokers', '127.0.0.1:1', 'topics').exited;
    expect(verbose.err).toContain('    at ');
  });

  it('exits 1 naming the missing setting', async () => {
    const { code, err } = await spawnEventline({ TOPIC_PREFIX: 'x.' }, 'lag').exited;
    expect(code).toBe(1);
    expect(err).toBe('eventline: KAFKA_BROKERS: not set: set it or pass --brokers host:port[,host:port…]\n');
  });
});
