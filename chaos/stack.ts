/**
 * The stack the fault suite breaks: a real Kafka broker and PostgreSQL in a temporary
 * directory on fixed ports (so a restarted server is found where it was), and the three
 * services from dist/, each restarted at once when it exits, as `npm start`'s supervisor
 * does. Kafka and PostgreSQL are killed and restarted by the suite itself here.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { residentBytes, spawnNode } from '../bench/harness/node-process';
import { SERVICE_SCRIPTS, serviceEnv, type ServiceName } from '../bench/harness/service-process';
import { startKafka, type RunningKafka } from '../infra/kafka';
import { freePort } from '../infra/ports';
import { startPostgres, type RunningPostgres } from '../infra/postgres';
import { stopProcess } from '../infra/processes';
import { TimedOutError } from '../platform/errors';

export type { ServiceName };

/** Like npm start's supervisor after a crash: a short pause, then the same process again. */
const RESTART_DELAY_MS = 500;

interface Supervised {
  child: ChildProcess;
  stopping: boolean;
}

/** A service's process: the one `npm start` runs, or a standby as if on another machine. */
export type Instance = ServiceName | `${ServiceName}:standby`;

export class ChaosStack {
  private readonly services = new Map<Instance, Supervised>();
  private kafka: RunningKafka | undefined;
  private postgres: RunningPostgres | undefined;

  private constructor(
    readonly dir: string,
    private readonly kafkaPort: number,
    private readonly postgresPort: number,
    readonly gatewayPort: number,
    /** The gateway's operations port (/readyz); the other services take any free one. */
    readonly gatewayOpsPort: number,
    readonly jwtSecret: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(env: Readonly<Record<string, string>>, say: (line: string) => void): Promise<ChaosStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-chaos-'));
    const stack = new ChaosStack(dir, await freePort(), await freePort(), await freePort(), await freePort(), `chaos-${'s'.repeat(40)}`, env);
    say(`stack in ${dir}`);
    await stack.startKafka();
    await stack.startPostgres();
    for (const service of ['command-handler', 'projector', 'gateway'] as const) stack.spawn(service);
    return stack;
  }

  get databaseUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.postgresPort}/eventline`;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.kafkaPort}`];
  }

  async startKafka(): Promise<void> {
    this.kafka = await startKafka({ dataDir: path.join(this.dir, 'kafka'), port: this.kafkaPort });
  }

  /** SIGKILL, as a crashed broker. */
  async killKafka(): Promise<void> {
    const pid = this.kafka?.pid;
    if (pid !== undefined && pid > 0) process.kill(pid, 'SIGKILL');
    await this.kafka?.stop();
    this.kafka = undefined;
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startPostgres({ dataDir: path.join(this.dir, 'postgres'), port: this.postgresPort, unsafeFast: true });
  }

  async stopPostgres(): Promise<void> {
    await this.postgres?.stop();
    this.postgres = undefined;
  }

  /**
   * Starts an instance, restarted when it exits (unless killed without restart). A standby has
   * a data directory of its own, as a process on another machine would: it cannot see the
   * group member records of the other instance, so it takes over only after its session timeout.
   */
  spawn(instance: Instance): void {
    const service = instance.replace(/:standby$/, '') as ServiceName;
    const child = spawnNode({
      script: SERVICE_SCRIPTS[service],
      logFile: this.logFile(instance),
      env: serviceEnv(service, {
        ...process.env,
        LOG_LEVEL: 'info',
        KAFKA_BROKERS: this.brokers.join(','),
        DATABASE_URL: this.databaseUrl,
        EVENTLINE_DATA_DIR: path.join(this.dir, instance === service ? 'data' : 'data-standby'),
        JWT_SECRET: this.jwtSecret,
        PORT: String(this.gatewayPort),
        OPS_PORT: service === 'gateway' ? String(this.gatewayOpsPort) : '0',
        ...this.env,
      }),
    });
    const supervised: Supervised = { child, stopping: false };
    this.services.set(instance, supervised);
    child.once('exit', () => {
      if (supervised.stopping || this.services.get(instance) !== supervised) return;
      setTimeout(() => this.spawn(instance), RESTART_DELAY_MS);
    });
  }

  logFile(instance: Instance): string {
    return path.join(this.dir, 'logs', `${instance.replace(':', '-')}.log`);
  }

  /** SIGKILL; the supervision above restarts it unless `restart` is false. */
  kill(instance: Instance, restart = true): void {
    const supervised = this.services.get(instance);
    if (supervised === undefined) return;
    if (!restart) {
      supervised.stopping = true;
      this.services.delete(instance);
    }
    supervised.child.kill('SIGKILL');
  }

  /** SIGTERM (a graceful stop), not restarted. */
  async stopInstance(instance: Instance): Promise<void> {
    const supervised = this.services.get(instance);
    if (supervised === undefined) return;
    supervised.stopping = true;
    this.services.delete(instance);
    await stopProcess(supervised.child, 'SIGTERM', 30_000);
  }

  /** Resident memory of the service now, bytes (0 while it is down). */
  rss(service: Instance): number {
    const pid = this.services.get(service)?.child.pid;
    try {
      return pid === undefined ? 0 : residentBytes(pid);
    } catch {
      return 0;
    }
  }

  async waitForGateway(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${this.gatewayOpsPort}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new TimedOutError(`the gateway was not ready within ${timeoutMs} ms (logs: ${path.join(this.dir, 'logs')})`);
  }

  async stop(): Promise<void> {
    for (const supervised of this.services.values()) supervised.stopping = true;
    await Promise.all([...this.services.values()].map(({ child }) => stopProcess(child, 'SIGTERM', 30_000)));
    await this.postgres?.stop();
    await this.kafka?.stop();
  }
}
