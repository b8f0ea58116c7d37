/**
 * `npm start` as a newcomer runs it: with no KAFKA_BROKERS / DATABASE_URL it starts its own
 * Kafka and PostgreSQL, then the three services, and records where they are for the CLI.
 * Then what a pager would see: the broker SIGKILLed, and separately PostgreSQL, each is
 * started again by the supervisor on the same port and data, and commands and reads go
 * through afterwards with no manual step. A Ctrl-C (SIGINT to its whole process group, as a
 * terminal sends it) shuts every service down gracefully, once, and leaves no Kafka or
 * PostgreSQL process behind, after the restarts as during start-up. No timing assertions:
 * only what must eventually happen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeLocalData } from '../../infra/local-stack';
import { existingClusterDir } from '../../infra/postgres-placement';
import { readPid } from '../../infra/processes';
import { readStackFile, stackFilePath } from '../../infra/stack-file';
import { spawnEventline } from '../integration/cli/support';
import { waitFor } from '../support/kafka';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
/** Start-up, a broker's restart and its clients' reconnection take seconds to a minute on a busy machine. */
const RECOVERY_MS = 180_000;

function processesMentioning(marker: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface StartedProcess {
  child: ChildProcess;
  readonly output: string;
  exited: Promise<number | null>;
  /** Resolves once the output matches `pattern` (fails if the process exits first). */
  printed(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** `npm start`'s entry point in a process group of its own, like a job in a terminal, so a test can signal the whole group. */
function npmStart(dataDir: string): StartedProcess {
  // LOG_LEVEL info: the services' shutdown lines are part of what is checked.
  const env: NodeJS.ProcessEnv = { ...process.env, EVENTLINE_DATA_DIR: dataDir, PORT: '0', OPS_PORT: '0', LOG_LEVEL: 'info' };
  delete env.KAFKA_BROKERS;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'infra', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    get output() {
      return output;
    },
    exited,
    printed: (pattern, timeoutMs = RECOVERY_MS) =>
      waitFor(
        async () => {
          const match = pattern.exec(output);
          if (match) return match;
          if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}) before printing ${pattern}:\n${output}`);
          return undefined;
        },
        timeoutMs,
        `${pattern} in npm start's output`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      }),
  };
}

/** SIGINT to the whole process group, as a terminal's Ctrl-C. */
const ctrlC = (started: StartedProcess): void => void process.kill(-started.child.pid!, 'SIGINT');

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-start-'));
  const postgresDir = path.join(dataDir, 'postgres');
  let started: StartedProcess;
  let dashboard: string;
  let token: string;

  beforeAll(async () => {
    started = npmStart(dataDir);
    dashboard = (await started.printed(/Dashboard:\s+(http:\/\/\S+)\//))[1]!;
    token = (await started.printed(/Development token[^\n]*\n\s+(\S+)/))[1]!;
  }, RECOVERY_MS);

  afterAll(async () => {
    // Only when a test failed before Ctrl-C: nothing may outlive the run.
    if (started.child.exitCode === null && started.child.signalCode === null) {
      process.kill(-started.child.pid!, 'SIGKILL');
      await started.exited;
    }
    for (const pid of [...processesMentioning(dataDir), ...processesMentioning(existingClusterDir(postgresDir))]) process.kill(pid, 'SIGKILL');
    removeLocalData(dataDir);
  });

  /** Places an order through the HTTP API until its outcome comes back (the same command id each time: decided once). */
  async function placeOrder(orderId: string): Promise<unknown> {
    const id = randomUUID();
    const data = { storeId: 'store-1', customerId: 'developer', items: [{ sku: 'sku-1', qty: 1, priceCents: 500 }], currency: 'EUR' };
    return waitFor(
      async () => {
        const response = await fetch(`${dashboard}/api/commands/orders/PlaceOrder?wait=outcome`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, key: orderId, data }),
        });
        return response.status === 200 ? ((await response.json()) as unknown) : undefined;
      },
      RECOVERY_MS,
      `the outcome of PlaceOrder ${orderId}`,
    );
  }

  /** The order's read model row through the gateway's REST read (PostgreSQL), once the projector has written it. */
  const orderRow = (orderId: string): Promise<unknown> =>
    waitFor(
      async () => {
        const response = await fetch(`${dashboard}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } });
        return response.status === 200 ? ((await response.json()) as unknown) : undefined;
      },
      RECOVERY_MS,
      `the read model of ${orderId}`,
    );

  it('comes up with its own Kafka and PostgreSQL, answers health, and prints and records their addresses', async () => {
    expect(started.output).toMatch(/WebSocket:\s+ws:\/\/\S+\/ws/);
    const database = /Database:\s+(postgres:\/\/\S+)/.exec(started.output)?.[1];
    expect(database).toBeDefined();
    // Each service's /healthz, /readyz and /metrics on an operations port of its own, none on the client port.
    const operations = [...started.output.matchAll(/^ {4}(gateway|command-handler|projector|workflow) +(http:\/\/127\.0\.0\.1:\d+)$/gm)].map((match) => [match[1], match[2]!] as const);
    expect(operations.map(([service]) => service)).toEqual(['gateway', 'command-handler', 'projector', 'workflow']);
    for (const [, url] of operations) expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${operations[0]![1]}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(`${dashboard}/metrics`)).status).toBe(404);
    const stack = readStackFile(dataDir);
    expect(stack).toEqual({ kafkaBrokers: [expect.stringMatching(/^127\.0\.0\.1:\d+$/)], databaseUrl: database, pid: started.child.pid });
    expect(processesMentioning(dataDir).length).toBeGreaterThan(0);
  });

  it('serves the eventline CLI in a second terminal with no environment', async () => {
    const { code, out, err } = await spawnEventline({ EVENTLINE_DATA_DIR: dataDir }, 'lag').exited;
    expect({ code, err }).toEqual({ code: 0, err: expect.stringMatching(/^eventline: KAFKA_BROKERS and DATABASE_URL are unset: using the stack npm start runs \(.+\)\n$/) });
    // Committed positions appear once the services have worked; either way the CLI reached both servers.
    expect(out).toMatch(/^(GROUP +STATE +MEMBERS|no committed offsets)/);
  });

  it('starts a SIGKILLed Kafka broker again, and commands go through afterwards', async () => {
    expect(await placeOrder('before-kafka-kill')).toMatchObject({ status: 'accepted' });
    const broker = readPid(path.join(dataDir, 'kafka', 'kafka.pid'));
    expect(broker).toBeDefined();
    process.kill(broker!, 'SIGKILL');
    await started.printed(/!!! kafka died \(signal SIGKILL\)/);
    await started.printed(/kafka is back on 127\.0\.0\.1:\d+/);
    expect(readPid(path.join(dataDir, 'kafka', 'kafka.pid'))).not.toBe(broker);
    expect(await placeOrder('after-kafka-kill')).toMatchObject({ status: 'accepted', version: 1 });
    expect(await orderRow('after-kafka-kill')).toMatchObject({ orderId: 'after-kafka-kill' });
  });

  it('starts a SIGKILLed PostgreSQL again, and the read models move again', async () => {
    const postmasterFile = path.join(existingClusterDir(postgresDir), 'postmaster.pid');
    const postmaster = readPid(postmasterFile);
    expect(postmaster).toBeDefined();
    process.kill(postmaster!, 'SIGKILL');
    await started.printed(/!!! postgres died \(signal SIGKILL\)/);
    await started.printed(/postgres is back on 127\.0\.0\.1:\d+/);
    expect(await placeOrder('after-postgres-kill')).toMatchObject({ status: 'accepted', version: 1 });
    expect(await orderRow('after-postgres-kill')).toMatchObject({ orderId: 'after-postgres-kill' });
  });

  it('stops every process on Ctrl-C after the restarts', async () => {
    const clusterDir = existingClusterDir(postgresDir);
    ctrlC(started);
    expect(await started.exited).toBe(0);
    expect(started.output).toMatch(/stopped\./);
    // Each service got one signal and shut down: none took the supervisor's SIGTERM for a second Ctrl-C.
    for (const service of ['gateway', 'command-handler', 'projector']) expect(started.output).toMatch(new RegExp(`info\\s+${service}\\s+stopped`));
    expect(started.output).not.toMatch(/second signal/);
    expect([...processesMentioning(dataDir), ...processesMentioning(clusterDir)]).toEqual([]);
    expect(fs.existsSync(stackFilePath(dataDir))).toBe(false);
  });
});

describe('npm start interrupted during start-up', () => {
  it('stops what it had started and exits', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-start-'));
    const started = npmStart(dataDir);
    try {
      await started.printed(/starting Kafka/);
      ctrlC(started);
      expect(await started.exited).toBe(0);
      expect(started.output).not.toMatch(/Eventline is running/);
      expect([...processesMentioning(dataDir), ...processesMentioning(existingClusterDir(path.join(dataDir, 'postgres')))]).toEqual([]);
    } finally {
      if (started.child.exitCode === null) process.kill(-started.child.pid!, 'SIGKILL');
      removeLocalData(dataDir);
    }
  });
});
