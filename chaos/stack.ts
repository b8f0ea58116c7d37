/**
 * The stack the fault suite breaks: a real Kafka broker (or, `cluster`, three nodes of one
 * KRaft quorum) and PostgreSQL in a temporary directory on fixed ports (so a restarted server
 * is found where it was), and the three services from dist/ (on a cluster, two instances of
 * each, as `npm start -- --cluster` runs them), each restarted at once when it exits, as
 * `npm start`'s supervisor does. Kafka and PostgreSQL are killed and restarted by the suite
 * itself here.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { residentBytes, spawnNode } from '../bench/harness/node-process';
import { SERVICE_SCRIPTS, serviceEnv, type ServiceName } from '../bench/harness/service-process';
import { startKafka, startKafkaCluster, type RunningKafka, type RunningKafkaCluster } from '../infra/kafka';
import { freePort } from '../infra/ports';
import { startPostgres, type RunningPostgres } from '../infra/postgres';
import { stopProcess } from '../infra/processes';
import type { KafkaAdmin } from '../platform/kafka';
import { TimedOutError } from '../platform/errors';
import { createKafka } from '../platform/kafka';
import { createLogger } from '../platform/logger';

export type { ServiceName };

/** Like npm start's supervisor after a crash: a short pause, then the same process again. */
const RESTART_DELAY_MS = 500;

interface Supervised {
  child: ChildProcess;
  stopping: boolean;
}

/**
 * A service's process: the one `npm start` runs, another on the same machine (`gateway:2`,
 * sharing its data directory), or a standby as if on another machine (`…:standby`).
 */
export type Instance = ServiceName | `${ServiceName}:${string}`;

/** What a cluster stack runs: three Kafka nodes, topics for them, two instances of each service. */
export const CLUSTER_NODES = 3;
const KAFKA_START_TIMEOUT_MS = 240_000;
const CLUSTER_TOPICS = { TOPIC_PARTITIONS: '6', TOPIC_REPLICATION_FACTOR: '3' };
const CLUSTER_INSTANCES: readonly Instance[] = ['command-handler', 'command-handler:2', 'projector', 'projector:2', 'gateway', 'gateway:2'];

/** A gateway's client and operations ports. */
export interface GatewayPorts {
  readonly port: number;
  readonly opsPort: number;
}

export class ChaosStack {
  private readonly services = new Map<Instance, Supervised>();
  private kafka: RunningKafka | undefined;
  /** The three nodes, when the stack is a cluster. */
  cluster: RunningKafkaCluster | undefined;
  private postgres: RunningPostgres | undefined;
  /** Client and operations ports of each gateway instance ever started, kept across restarts. */
  private readonly gatewayPorts = new Map<Instance, GatewayPorts>();

  private constructor(
    readonly dir: string,
    private readonly kafkaPort: number,
    private readonly postgresPort: number,
    readonly jwtSecret: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(env: Readonly<Record<string, string>>, say: (line: string) => void, options: { cluster?: boolean } = {}): Promise<ChaosStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-chaos-'));
    const stack = new ChaosStack(dir, await freePort(), await freePort(), `chaos-${'s'.repeat(40)}`, options.cluster ? { ...CLUSTER_TOPICS, ...env } : env);
    say(`stack in ${dir}`);
    // A restarted node is ready once it serves and every coordinator answers: minutes on a loaded machine.
    if (options.cluster) stack.cluster = await startKafkaCluster({ dataDir: path.join(dir, 'kafka'), nodes: CLUSTER_NODES, heap: '512m', startTimeoutMs: KAFKA_START_TIMEOUT_MS });
    else await stack.startKafka();
    await stack.startPostgres();
    for (const instance of options.cluster ? CLUSTER_INSTANCES : (['command-handler', 'projector', 'gateway'] as const)) await stack.spawn(instance);
    return stack;
  }

  get databaseUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.postgresPort}/eventline`;
  }

  get brokers(): string[] {
    return this.cluster?.brokers ?? [`127.0.0.1:${this.kafkaPort}`];
  }

  /** The gateway instances started so far, with their ports (`gateway` first). */
  get gateways(): [Instance, GatewayPorts][] {
    return [...this.gatewayPorts];
  }

  /** The first gateway's client port. */
  get gatewayPort(): number {
    return this.gatewayPorts.get('gateway')!.port;
  }

  /** The first gateway's operations port (/readyz); the other services take any free one. */
  get gatewayOpsPort(): number {
    return this.gatewayPorts.get('gateway')!.opsPort;
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
  async spawn(instance: Instance): Promise<void> {
    const service = instance.replace(/:.*$/, '') as ServiceName;
    if (service === 'gateway' && !this.gatewayPorts.has(instance)) this.gatewayPorts.set(instance, { port: await freePort(), opsPort: await freePort() });
    const gateway = this.gatewayPorts.get(instance);
    const child = spawnNode({
      script: SERVICE_SCRIPTS[service],
      logFile: this.logFile(instance),
      env: serviceEnv(service, {
        ...process.env,
        LOG_LEVEL: 'info',
        KAFKA_BROKERS: this.brokers.join(','),
        DATABASE_URL: this.databaseUrl,
        EVENTLINE_DATA_DIR: path.join(this.dir, instance.endsWith(':standby') ? 'data-standby' : 'data'),
        JWT_SECRET: this.jwtSecret,
        PORT: String(gateway?.port ?? 0),
        OPS_PORT: String(gateway?.opsPort ?? 0),
        ...this.env,
      }),
    });
    const supervised: Supervised = { child, stopping: false };
    this.services.set(instance, supervised);
    child.once('exit', () => {
      if (supervised.stopping || this.services.get(instance) !== supervised) return;
      setTimeout(() => void this.spawn(instance), RESTART_DELAY_MS);
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

  /** Until every running gateway answers /readyz. */
  async waitForGateway(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ready = async (opsPort: number): Promise<boolean> => {
      try {
        return (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).ok;
      } catch {
        return false; // not listening yet
      }
    };
    while (Date.now() < deadline) {
      const running = this.gateways.filter(([instance]) => this.services.has(instance));
      if ((await Promise.all(running.map(([, ports]) => ready(ports.opsPort)))).every(Boolean)) return;
      await sleep(250);
    }
    throw new TimedOutError(`the gateways were not ready within ${timeoutMs} ms (logs: ${path.join(this.dir, 'logs')})`);
  }

  /** The instances running now. */
  instanceNames(): Instance[] {
    return [...this.services.keys()];
  }

  /** An admin client of the stack's Kafka for `use`, disconnected after. */
  async withAdmin<T>(use: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
    const admin = createKafka(this.brokers, 'eventline-chaos', createLogger('chaos', 'silent')).admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** The pid of Kafka node `nodeId` of the cluster. */
  nodePid(nodeId: number): number {
    return this.cluster!.nodes[nodeId - 1]!.pid;
  }

  /** SIGKILL of one node of the cluster, as a crashed broker. */
  async killNode(nodeId: number): Promise<void> {
    const node = this.cluster!.nodes[nodeId - 1]!;
    process.kill(node.pid, 'SIGKILL');
    await node.exited;
  }

  async restartNode(nodeId: number): Promise<void> {
    await this.cluster!.restartNode(nodeId);
  }

  async stop(): Promise<void> {
    for (const supervised of this.services.values()) supervised.stopping = true;
    await Promise.all([...this.services.values()].map(({ child }) => stopProcess(child, 'SIGTERM', 30_000)));
    await this.postgres?.stop();
    await this.kafka?.stop();
    await this.cluster?.stop();
  }
}
