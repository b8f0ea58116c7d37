/**
 * Runs real Apache Kafka (KRaft) from the jars that infra/pom.xml resolves with Maven: one
 * combined broker+controller node (`startKafka`), or a cluster of such nodes on this machine
 * sharing one controller quorum, each with its own data directory, ports and node id
 * (`startKafkaCluster`), whose internal topics are replicated. Used by `npm start`,
 * `npm run kafka`, the test harness, the fault suite and the benchmarks. Logs go to
 * `<dataDir>/logs/` of each node, never to the terminal.
 */
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { InfraMissingError, UnavailableError } from '../platform/errors';
import { createToolKafka, type KafkaClient } from '../platform/kafka';
import { portOrFree } from './ports';
import { failureLine, killStale, requireTool, stopProcess, watchExit, type ProcessExit } from './processes';
import { REPO_ROOT } from './repo-root';

const execFileAsync = promisify(execFile);
const POM = path.join(REPO_ROOT, 'infra', 'pom.xml');
/** Inside the default data directory; `npm start -- --fresh` keeps it. */
export const CACHE_DIR_NAME = 'cache';
const CLASSPATH_CACHE_DIR = path.join(REPO_ROOT, '.eventline', CACHE_DIR_NAME);

/**
 * Two more listeners, for tests of transport security; the broker's own listener and
 * everything else stay as they are: SASL_SSL, whose users are made when the storage is
 * formatted (SCRAM credentials with Kafka's own `kafka-storage format --add-scram`, PLAIN ones
 * in the listener's JAAS configuration), and SSL requiring a client certificate.
 */
export interface SecureListeners {
  /** PEM certificate (chain) of the broker and its unencrypted PKCS#8 key, for both. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly scramUsers: readonly { readonly mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; readonly username: string; readonly password: string }[];
  /** username → password. */
  readonly plainUsers: Readonly<Record<string, string>>;
  /** PEM CA the SSL listener's client certificates must chain to. */
  readonly clientCaFile: string;
}

export interface KafkaLaunchOptions {
  /** Directory for the broker's log segments, logs and pid file; kept across restarts. */
  dataDir: string;
  /** Client port; taken when free, otherwise a free port is chosen. */
  port?: number;
  /** Fail rather than take another port when `port` is busy (a restart must keep its address). */
  strictPort?: boolean;
  /** Aborting stops a start in progress (the JVM it spawned included). */
  signal?: AbortSignal;
  /** JVM heap, e.g. "1g". */
  heap?: string;
  /** How long to wait for the broker to answer metadata requests and serve groups and transactions. */
  startTimeoutMs?: number;
  /** Extra server.properties entries (tests use them to speed things up). */
  overrides?: Record<string, string | number>;
  /** Also listen with SASL_SSL and with SSL (free ports of their own); `secureBrokers` says where. */
  secureListeners?: SecureListeners;
  /**
   * Run the JVM in a process group of its own, out of reach of the terminal's Ctrl-C: the
   * launcher stops it, after what still needs it. Such a broker outlives a launcher killed
   * with SIGKILL; the next start on the same data directory stops it (pid file).
   */
  ownProcessGroup?: boolean;
}

export interface RunningKafka {
  brokers: string[];
  /** The secure listeners' addresses, when they were asked for. */
  secureBrokers?: { saslSsl: string[]; mutualTls: string[] };
  port: number;
  logFile: string;
  pid: number;
  /** Resolves when the JVM exits, for whatever reason. */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

/** The Java classpath of the broker, resolved by Maven once per pom.xml content and cached. */
export async function resolveKafkaClasspath(): Promise<string> {
  requireTool('java', 'Kafka needs a Java 17+ runtime (install a JDK 17, or set KAFKA_BROKERS to an existing cluster)');
  const mvn = requireTool('mvn', 'Kafka jars are resolved with Maven (install Maven, or set KAFKA_BROKERS to an existing cluster)');
  const pomHash = createHash('sha256').update(fs.readFileSync(POM)).digest('hex').slice(0, 16);
  const cacheFile = path.join(CLASSPATH_CACHE_DIR, `kafka-classpath-${pomHash}.txt`);
  if (fs.existsSync(cacheFile)) {
    const cached = fs.readFileSync(cacheFile, 'utf8').trim();
    if (cached.split(path.delimiter).every((jar) => fs.existsSync(jar))) return cached;
  }
  fs.mkdirSync(CLASSPATH_CACHE_DIR, { recursive: true });
  const output = `${cacheFile}.tmp`;
  try {
    await execFileAsync(mvn, ['-B', '-q', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${output}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = (error as { stdout?: string }).stdout?.split('\n').find((line) => line.includes('ERROR'))?.trim();
    throw new InfraMissingError(`Maven could not resolve the Kafka jars from infra/pom.xml (${detail ?? (error as Error).message}): check that Maven reaches its repository, or set KAFKA_BROKERS`, {
      cause: error,
    });
  }
  fs.renameSync(output, cacheFile);
  return fs.readFileSync(cacheFile, 'utf8').trim();
}

/** The server.properties entries of the secure listeners (`keystoreFile`: the broker's key and certificate, PEM). */
function secureListenerProperties(listeners: SecureListeners, ports: { saslSsl: number; mutualTls: number }, keystoreFile: string): Record<string, string> {
  const mechanisms = 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN';
  const plainUsers = Object.entries(listeners.plainUsers).map(([username, password]) => ` user_${username}="${password}"`).join('');
  return {
    'sasl.enabled.mechanisms': mechanisms,
    'listener.name.sasl_ssl.sasl.enabled.mechanisms': mechanisms,
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required${plainUsers};`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
    'listener.name.sasl_ssl.ssl.keystore.location': keystoreFile,
    'listener.name.ssl.ssl.keystore.type': 'PEM',
    'listener.name.ssl.ssl.keystore.location': keystoreFile,
    'listener.name.ssl.ssl.truststore.type': 'PEM',
    'listener.name.ssl.ssl.truststore.location': listeners.clientCaFile,
    'listener.name.ssl.ssl.client.auth': 'required',
    // The extra listeners, beside the broker's own ones below.
    listeners: `SASL_SSL://127.0.0.1:${ports.saslSsl},SSL://127.0.0.1:${ports.mutualTls}`,
    'advertised.listeners': `SASL_SSL://127.0.0.1:${ports.saslSsl},SSL://127.0.0.1:${ports.mutualTls}`,
    'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,SSL:SSL',
  };
}

const LISTENER_LISTS = new Set(['listeners', 'advertised.listeners', 'listener.security.protocol.map']);

/** Where one node of a local quorum listens, and the quorum it votes in. */
interface NodePlacement {
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `controller.quorum.voters`: every node's `id@host:controllerPort`. */
  readonly voters: string;
  /** Nodes in the quorum: internal topics get this many replicas (at most 3). */
  readonly clusterSize: number;
}

/** Replicas of internal topics and the in-sync replicas their writes need, for a quorum of `clusterSize` nodes. */
function internalTopicReplication(clusterSize: number): { replicas: number; minIsr: number } {
  const replicas = Math.min(clusterSize, 3);
  return { replicas, minIsr: replicas > 1 ? replicas - 1 : 1 };
}

function serverProperties(dataDir: string, node: NodePlacement, overrides: Record<string, string | number>, extraListener: Record<string, string> = {}): string {
  const { replicas, minIsr } = internalTopicReplication(node.clusterSize);
  const properties: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    // Static voters (not --standalone): the controller endpoints come from this file on every
    // start, so a restart on other ports still finds its quorum.
    'controller.quorum.voters': node.voters,
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': path.join(dataDir, 'data'),
    'auto.create.topics.enable': 'false',
    'num.partitions': 1,
    // Internal topics ask for as many replicas as the quorum has nodes (at most 3): one broker
    // must not ask for replicas that cannot exist, or group coordination and transactions wait
    // forever; a cluster keeps offsets and transaction state through the loss of a broker.
    'default.replication.factor': replicas,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replicas,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
    // Kafka's default minimum session is 6 s; a second handler or projector takes a dead
    // member's partitions over only once its session has expired, so the local broker lets
    // GROUP_SESSION_TIMEOUT_MS go down to 1 s (docs/reliability.md, "Takeover").
    'group.min.session.timeout.ms': 1000,
    'log.cleaner.min.compaction.lag.ms': 0,
    ...overrides,
  };
  for (const [key, value] of Object.entries(extraListener)) properties[key] = LISTENER_LISTS.has(key) ? `${properties[key]},${value}` : value;
  return Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
}

function log4jConfig(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka',
    'logger.kafka.level = warn',
    'logger.apache.name = org.apache.kafka',
    'logger.apache.level = warn',
  ].join('\n') + '\n';
}

async function runJava(classpath: string, args: string[], logFile: string): Promise<void> {
  try {
    await execFileAsync('java', ['-cp', classpath, ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    fs.appendFileSync(logFile, stdout + stderr);
    throw new InfraMissingError(`Kafka storage formatting failed (see ${logFile}): ${(stderr || stdout).trim().split('\n').slice(-3).join(' ')}`, {
      cause: error,
    });
  }
}

/**
 * Waits until the broker answers a metadata request and its group and transaction
 * coordinators serve requests (or the JVM dies). A new broker creates `__consumer_offsets` and
 * `__transaction_state` on first use and answers "coordinator not available / loading" until
 * they are loaded; waiting here keeps every service's first minute free of those retries.
 */
async function waitUntilReady(brokers: string[], expectedBrokers: number, nodes: readonly { exited: Promise<ProcessExit>; logFile: string }[], timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  let exit: { exit: ProcessExit; logFile: string } | undefined;
  for (const { exited, logFile } of nodes) void exited.then((value) => (exit ??= { exit: value, logFile }));
  const logFile = nodes[0]!.logFile;
  const deadline = Date.now() + timeoutMs;
  const kafka = createToolKafka({ brokers, clientId: 'eventline-launcher', retry: { retries: 0 } });
  // kafkajs refuses to build an idempotent producer without retries.
  const coordinatorProbe = createToolKafka({ brokers, clientId: 'eventline-launcher', retry: { retries: 3, initialRetryTime: 100 } });
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new UnavailableError('Kafka start-up was interrupted');
    if (exit) throw new UnavailableError(`Kafka exited while starting (${failureLine(exit.exit, exit.logFile)}): see ${exit.logFile}`, { cause: exit.exit.error });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= expectedBrokers && cluster.controller !== null) {
        await probeCoordinators(coordinatorProbe);
        return;
      }
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const brokerCount = expectedBrokers > 1 ? `, ${expectedBrokers} brokers` : '';
  throw new UnavailableError(`Kafka was not ready within ${timeoutMs} ms (metadata${brokerCount}, group and transaction coordinators): see ${logFile}`);
}

/** Group id and transactional id the launcher's readiness probe uses. */
const READINESS_PROBE_ID = 'eventline-launcher-probe';

/** Looks up a group coordinator and initializes a transactional producer; throws while either is not ready. */
async function probeCoordinators(kafka: KafkaClient): Promise<void> {
  const admin = kafka.admin();
  const producer = kafka.producer({ transactionalId: READINESS_PROBE_ID, idempotent: true, maxInFlightRequests: 1 });
  try {
    await admin.connect();
    await admin.describeGroups([READINESS_PROBE_ID]);
    await producer.connect();
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** What one node needs to start: its place in the quorum and its data directory. */
interface NodeLaunch extends Pick<KafkaLaunchOptions, 'heap' | 'overrides' | 'secureListeners' | 'ownProcessGroup'> {
  readonly dataDir: string;
  readonly node: NodePlacement;
  readonly classpath: string;
  /** Every node of a cluster is formatted with the same id; a single node makes its own. */
  readonly clusterId?: string;
}

/** A node's JVM, spawned but not known to be ready. */
interface LaunchedNode {
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ProcessExit>;
  readonly secureBrokers?: RunningKafka['secureBrokers'];
  stop(): Promise<void>;
}

/** Writes a node's configuration, formats its storage on first start, and spawns its JVM. */
async function launchNode(options: NodeLaunch): Promise<LaunchedNode> {
  const { dataDir, node, classpath } = options;
  const logsDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  const pidFile = path.join(dataDir, 'kafka.pid');
  await killStale(pidFile, dataDir);

  const secure = options.secureListeners;
  const securePorts = secure === undefined ? undefined : { saslSsl: await portOrFree(undefined), mutualTls: await portOrFree(undefined) };
  let extraListener: Record<string, string> | undefined;
  if (secure !== undefined && securePorts !== undefined) {
    const keystoreFile = path.join(dataDir, 'secure-listeners-keystore.pem');
    fs.writeFileSync(keystoreFile, fs.readFileSync(secure.keyFile, 'utf8') + fs.readFileSync(secure.certFile, 'utf8'), { mode: 0o600 });
    extraListener = secureListenerProperties(secure, securePorts, keystoreFile);
  }
  const propertiesFile = path.join(dataDir, 'server.properties');
  fs.writeFileSync(propertiesFile, serverProperties(dataDir, node, options.overrides ?? {}, extraListener), { mode: 0o600 });
  const logFile = path.join(logsDir, 'server.log');
  const log4jFile = path.join(dataDir, 'log4j2.properties');
  fs.writeFileSync(log4jFile, log4jConfig(logFile));

  if (!fs.existsSync(path.join(dataDir, 'data', 'meta.properties'))) {
    const clusterId = options.clusterId ?? (await randomClusterId(classpath));
    const scram = (secure?.scramUsers ?? []).flatMap(({ mechanism, username, password }) => ['--add-scram', `${mechanism}=[name=${username},password=${password}]`]);
    await runJava(classpath, ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile, ...scram], logFile);
  }

  const out = fs.openSync(path.join(logsDir, 'stdout.log'), 'a');
  const child = spawn(
    'java',
    [
      `-Xms256m`,
      `-Xmx${options.heap ?? '1g'}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4jFile}`,
      `-Dkafka.logs.dir=${logsDir}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      propertiesFile,
    ],
    { stdio: ['ignore', out, out], detached: options.ownProcessGroup ?? false },
  );
  fs.closeSync(out);
  const exited = watchExit(child);
  if (child.pid !== undefined) fs.writeFileSync(pidFile, `${child.pid}\n`);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= stopProcess(child, 'SIGTERM', 30_000).then(() => fs.rmSync(pidFile, { force: true }));
    return stopped;
  };
  const secureBrokers = securePorts === undefined ? undefined : { saslSsl: [`127.0.0.1:${securePorts.saslSsl}`], mutualTls: [`127.0.0.1:${securePorts.mutualTls}`] };
  return { pid: child.pid ?? -1, logFile, exited, stop, ...(secureBrokers === undefined ? {} : { secureBrokers }) };
}

async function randomClusterId(classpath: string): Promise<string> {
  return (await execFileAsync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])).stdout.trim();
}

/**
 * Waits until `nodes` serve `brokers` (stopping them all if they do not, or when `signal`
 * aborts) and returns each node as a RunningKafka.
 */
async function untilServing(nodes: readonly LaunchedNode[], ports: readonly number[], readiness: { brokers: string[]; expectedBrokers: number }, options: Pick<KafkaLaunchOptions, 'signal' | 'startTimeoutMs'>): Promise<RunningKafka[]> {
  const stopAll = (): Promise<unknown> => Promise.all(nodes.map((node) => node.stop()));
  const abort = (): void => void stopAll();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await waitUntilReady(readiness.brokers, readiness.expectedBrokers, nodes, options.startTimeoutMs ?? 90_000, options.signal);
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  return nodes.map((node, index) => {
    const port = ports[index]!;
    return { ...node, brokers: [`127.0.0.1:${port}`], port };
  });
}

export async function startKafka(options: KafkaLaunchOptions): Promise<RunningKafka> {
  const dataDir = path.resolve(options.dataDir);
  const classpath = await resolveKafkaClasspath();
  const port = options.strictPort && options.port ? options.port : await portOrFree(options.port);
  const controllerPort = await portOrFree(undefined);
  const node: NodePlacement = { nodeId: 1, port, controllerPort, voters: `1@127.0.0.1:${controllerPort}`, clusterSize: 1 };
  const launched = await launchNode({ ...options, dataDir, node, classpath });
  const [running] = await untilServing([launched], [port], { brokers: [`127.0.0.1:${port}`], expectedBrokers: 1 }, options);
  return running!;
}

export interface KafkaClusterOptions extends Pick<KafkaLaunchOptions, 'signal' | 'heap' | 'startTimeoutMs' | 'overrides' | 'ownProcessGroup'> {
  /** Each node keeps its data, logs and pid file in `<dataDir>/node-<id>/`. */
  dataDir: string;
  /** Nodes (combined broker + controller), 3 by default: a quorum that survives one loss. */
  nodes?: number;
  /** Client port of the first node; the others take the next ones (free ones when taken). */
  firstPort?: number;
}

/** A local cluster: every node's current process, and how to start one again where it was. */
export interface RunningKafkaCluster {
  /** Every node's client address, in node id order (node `i + 1` is `brokers[i]`). */
  readonly brokers: string[];
  /** The nodes' current processes, in node id order. */
  readonly nodes: RunningKafka[];
  /** Starts node `nodeId` again on its ports and data (its previous process must have exited). */
  restartNode(nodeId: number, signal?: AbortSignal): Promise<RunningKafka>;
  /** Stops every node's current process. */
  stop(): Promise<void>;
}

/**
 * Starts `nodes` combined broker + controller nodes that form one KRaft quorum. Every node
 * starts at once (a quorum needs a majority to elect a controller) and the cluster is ready
 * once metadata lists every broker and the group and transaction coordinators serve, on
 * internal topics with 3 replicas (2 in sync for a write).
 */
export async function startKafkaCluster(options: KafkaClusterOptions): Promise<RunningKafkaCluster> {
  const dataDir = path.resolve(options.dataDir);
  const count = options.nodes ?? 3;
  const classpath = await resolveKafkaClasspath();
  const ports: number[] = [];
  const controllerPorts: number[] = [];
  for (let index = 0; index < count; index += 1) {
    ports.push(await portOrFree(options.firstPort === undefined ? undefined : options.firstPort + index));
    controllerPorts.push(await portOrFree(undefined));
  }
  const voters = controllerPorts.map((controllerPort, index) => `${index + 1}@127.0.0.1:${controllerPort}`).join(',');
  const placements: NodePlacement[] = ports.map((port, index) => ({ nodeId: index + 1, port, controllerPort: controllerPorts[index]!, voters, clusterSize: count }));
  const nodeDir = (nodeId: number): string => path.join(dataDir, `node-${nodeId}`);
  const clusterId = await randomClusterId(classpath);
  const launch = (node: NodePlacement): Promise<LaunchedNode> => launchNode({ ...options, dataDir: nodeDir(node.nodeId), node, classpath, clusterId });
  const launched = await Promise.allSettled(placements.map(launch));
  const spawned = launched.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = launched.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(spawned.map((node) => node.stop()));
    throw failed.reason;
  }
  const brokers = ports.map((port) => `127.0.0.1:${port}`);
  const nodes = await untilServing(spawned, ports, { brokers, expectedBrokers: count }, options);
  return {
    brokers,
    nodes,
    restartNode: async (nodeId, signal) => {
      const node = placements[nodeId - 1];
      if (node === undefined) throw new RangeError(`no Kafka node ${nodeId} in a cluster of ${count}`);
      const relaunched = await launchNode({ ...options, dataDir: nodeDir(nodeId), node, classpath, clusterId });
      // Ready when it serves on its own address and the cluster's metadata lists every broker again.
      const [running] = await untilServing([relaunched], [node.port], { brokers: [brokers[nodeId - 1]!], expectedBrokers: count }, { ...options, signal });
      nodes[nodeId - 1] = running!;
      return running!;
    },
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}
