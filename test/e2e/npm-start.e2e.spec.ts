/**
 * `npm start` as a newcomer runs it: with no KAFKA_BROKERS / DATABASE_URL it starts its own
 * Kafka and PostgreSQL, then the three services; the gateway answers /healthz; a Ctrl-C (SIGINT
 * to its whole process group, as a terminal sends it) shuts every service down gracefully,
 * once, and leaves no Kafka or PostgreSQL process behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');

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

describe('npm start', () => {
  it('comes up with its own Kafka and PostgreSQL, answers health, and exits cleanly on Ctrl-C', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-start-'));
    // LOG_LEVEL info: the services' shutdown lines are part of what is checked.
    const env: NodeJS.ProcessEnv = { ...process.env, EVENTLINE_DATA_DIR: dataDir, PORT: '0', COMMAND_HANDLER_PORT: '0', PROJECTOR_PORT: '0', LOG_LEVEL: 'info' };
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
    // A process group of its own, like a job in a terminal, so the test can signal the whole group.
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'infra', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    try {
      const dashboard = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no dashboard URL within 180 s:\n${output}`)), 180_000);
        const poll = setInterval(() => {
          const match = /Dashboard:\s+(http:\/\/\S+)\//.exec(output);
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(match[1]!);
          }
        }, 200);
        void exited.then((code) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
      });
      expect(output).toMatch(/WebSocket:\s+ws:\/\/\S+\/ws/);
      expect(output).toMatch(/Development token/);
      const health = await fetch(`${dashboard}/healthz`);
      expect(health.status).toBe(200);
      expect(processesMentioning(dataDir).length).toBeGreaterThan(0);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/stopped\./);
    // Each service got one signal and shut down: none took the supervisor's SIGTERM for a second Ctrl-C.
    for (const service of ['gateway', 'command-handler', 'projector']) expect(output).toMatch(new RegExp(`info\\s+${service}\\s+stopped`));
    expect(output).not.toMatch(/second signal/);
    expect(processesMentioning(dataDir)).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
