/**
 * `npm start`: the whole backend on one machine with no configuration. Starts Kafka and
 * PostgreSQL unless KAFKA_BROKERS / DATABASE_URL point elsewhere, then the gateway, the
 * command handler, the projector and the workflow service as separate processes; Ctrl-C stops everything.
 *
 *   npm start -- --fresh    wipe .eventline/ (local Kafka and PostgreSQL data) first
 *   npm start -- --cluster  three Kafka nodes, TOPIC_PARTITIONS=6 and two instances of the
 *                           gateway (two client ports), the command handler and the projector
 */
import path from 'node:path';
import { DEVELOPMENT_JWT_SECRET, loadConfig, OPS_PORT_DEFAULTS } from '../platform/config';
import { runMain } from '../platform/runtime';
import { developmentToken, usesDevelopmentSecret } from '../gateway/auth/development-token';
import { demoToken, runDemo } from './demo';
import { removeLocalData, startLocalStack } from './local-stack';
import { portOrFree } from './ports';
import { localDataDir } from './repo-root';
import { removeStackFile, stackFilePath, writeStackFile } from './stack-file';
import { Supervisor } from './supervisor';
import { serviceProcessEnv } from '../services/command-handler/process-env';

const HELP = `Usage: npm start [-- --fresh] [--demo] [--cluster]

Runs Eventline locally: Kafka and PostgreSQL (unless KAFKA_BROKERS / DATABASE_URL are set),
then the gateway, command handler, projector and workflow service, and keeps them all running (a process that
dies is started again). Data lives in .eventline/; the addresses in .eventline/stack.json,
where the eventline CLI finds them.

  --fresh   delete the local Kafka and PostgreSQL data first
  --demo    also send demo traffic to the dashboard (like npm run demo)
  --cluster a three-node Kafka cluster (topics with 3 replicas, 2 in sync, 6 partitions) and
            two gateways (PORT and the next port), two command handlers, two projectors;
            its data lives in .eventline/cluster/ (--fresh wipes only that)
  --help    show this help
`;

/** In the order their operations ports are numbered (OPS_PORT_DEFAULTS). */
const SERVICES = ['gateway', 'command-handler', 'projector', 'workflow'] as const;
type Service = (typeof SERVICES)[number];

/** Instances of each service `--cluster` runs: the workflow service's group rebalances the same way, one shows it is there. */
const CLUSTER_INSTANCES: Record<Service, number> = { gateway: 2, 'command-handler': 2, projector: 2, workflow: 1 };
/** What `--cluster` sets unless the environment does: topics for a three-broker cluster, partitions for several instances. */
const CLUSTER_TOPICS = { TOPIC_PARTITIONS: '6', TOPIC_REPLICATION_FACTOR: '3' } as const;
const KAFKA_CLUSTER_NODES = 3;

/** One process npm start runs: `gateway`, or `gateway-2` when a service runs more than once. */
interface Instance {
  readonly name: string;
  readonly service: Service;
  opsPort: number;
  /** The client port of a gateway. */
  port?: number;
}

function instancesOf(counts: Record<Service, number>): Instance[] {
  return SERVICES.flatMap((service) => Array.from({ length: counts[service] }, (_, index) => ({ name: counts[service] > 1 ? `${service}-${index + 1}` : service, service, opsPort: 0 })));
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

runMain('eventline', async () => {
  const args = new Set(process.argv.slice(2));
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const unknown = [...args].filter((arg) => !['--fresh', '--demo', '--cluster'].includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`eventline: unknown option ${unknown.join(' ')}\n\n${HELP}`);
    process.exit(2);
  }
  const config = loadConfig();
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const clustered = args.has('--cluster');
  const dataDir = localDataDir(config.dataDir);
  // A cluster keeps its data apart: the read models' checkpoints in PostgreSQL belong to one Kafka.
  const stackDir = clustered ? path.join(dataDir, 'cluster') : dataDir;
  if (args.has('--fresh')) {
    removeLocalData(stackDir);
    say(`wiped local data in ${stackDir}`);
  }

  // Signals are handled from here on: Kafka and PostgreSQL run in process groups of their own
  // (out of reach of the terminal's Ctrl-C, so they outlive the services that still need
  // them), and a stop during start-up must still stop what has started by then. The handlers
  // are in place before anything starts: a signal that came before them would kill this
  // process at once and leave Kafka and PostgreSQL running.
  const supervisor = new Supervisor(path.join(stackDir, 'logs'), say);
  const interrupted = new AbortController();
  let starting: ReturnType<typeof startLocalStack> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (signal: string): void => {
    if (stopping) return;
    interrupted.abort();
    say(`\n${signal}: stopping services…`);
    stopping = (async () => {
      removeStackFile(dataDir);
      // A start-up in progress stops what it started and rejects; a stack that is up is the supervisor's to stop.
      await starting?.catch(() => undefined);
      await supervisor.stopAll();
    })().then(
      () => (say('stopped.'), process.exit(0)),
      (error: unknown) => (say(`stopped with errors: ${String(error)}`), process.exit(1)),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The services and Kafka are in process groups of their own: a closed terminal must stop them too.
  process.on('SIGHUP', () => stop('SIGHUP'));
  starting = startLocalStack({
    dataDir: stackDir,
    kafkaBrokers: config.kafkaBrokers,
    kafkaNodes: clustered ? KAFKA_CLUSTER_NODES : undefined,
    databaseUrl: config.databaseUrl,
    kafkaPort: 9092,
    postgresPort: 54329,
    ownProcessGroup: true,
    signal: interrupted.signal,
    onProgress: say,
  }).then((stack) => {
    supervisor.superviseServers(stack.servers);
    return stack;
  });
  // A start-up stopped by a signal rejects too: the stop in progress ends the process.
  const stack = await starting.catch((error: unknown) => {
    if (stopping) return undefined;
    throw error;
  });
  if (!stack || stopping) return;
  writeStackFile(dataDir, { kafkaBrokers: stack.kafkaBrokers, databaseUrl: stack.databaseUrl, pid: process.pid });

  const instances = instancesOf(clustered ? CLUSTER_INSTANCES : { gateway: 1, 'command-handler': 1, projector: 1, workflow: 1 });
  const gateways = instances.filter((instance) => instance.service === 'gateway');
  // PORT, and the next ports for more gateways (free ones when taken).
  for (const [index, gateway] of gateways.entries()) gateway.port = await portOrFree(config.port === 0 ? 0 : config.port + index, config.host);
  // One operations port per process: OPS_PORT (default: the gateway's) and the next ones, or free ones when taken (0: all free).
  const firstOpsPort = config.opsPort ?? OPS_PORT_DEFAULTS.gateway;
  for (const [index, instance] of instances.entries()) instance.opsPort = await portOrFree(firstOpsPort === 0 ? 0 : firstOpsPort + index, config.opsHost);
  const env: NodeJS.ProcessEnv = {
    ...(clustered ? CLUSTER_TOPICS : {}),
    ...process.env,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    DATABASE_URL: stack.databaseUrl,
  };
  const dist = path.resolve(__dirname, '..');
  const scripts = { gateway: path.join(dist, 'gateway', 'main.js'), 'command-handler': path.join(dist, 'services', 'command-handler', 'main.js'), projector: path.join(dist, 'services', 'projector', 'main.js'), workflow: path.join(dist, 'services', 'workflow', 'main.js') };
  for (const instance of instances) {
    const port = instance.port === undefined ? {} : { PORT: String(instance.port) };
    supervisor.start({ name: instance.name, script: scripts[instance.service], env: serviceProcessEnv(instance.service, { ...env, ...port, OPS_PORT: String(instance.opsPort) }) });
  }

  const host = (bound: string): string => (bound === '0.0.0.0' ? '127.0.0.1' : bound);
  const baseOf = (gateway: Instance): string => `${config.clientTls ? 'https' : 'http'}://${host(config.host)}:${gateway.port}`;
  const base = baseOf(gateways[0]!);
  const ops = (instance: Instance): string => `http://${host(config.opsHost)}:${instance.opsPort}`;
  const ready = await Promise.all(gateways.map((gateway) => waitForHealth(`${ops(gateway)}/readyz`, 120_000)));
  if (!ready.every(Boolean)) {
    say(`a gateway did not become ready within 2 minutes; see the logs above and ${path.join(stackDir, 'logs')}/`);
    return;
  }
  const lines = [
    '',
    'Eventline is running.',
    `  Dashboard:  ${base}/`,
    ...gateways.map((gateway, index) => `  WebSocket:  ${baseOf(gateway).replace('http', 'ws')}/ws${gateways.length > 1 ? `   (gateway ${index + 1})` : ''}`),
    `  Operations: /healthz /readyz /metrics of each service`,
    ...instances.map((instance) => `    ${instance.name.padEnd(Math.max(16, ...instances.map(({ name }) => name.length + 1)))}${ops(instance)}`),
    `  Kafka:      ${stack.kafkaBrokers.join(',')}${clustered ? `   (${KAFKA_CLUSTER_NODES} nodes; topics: ${env.TOPIC_PARTITIONS} partitions, ${env.TOPIC_REPLICATION_FACTOR} replicas)` : ''}`,
    `  Database:   ${stack.databaseUrl}`,
    `  CLI:        npx eventline lag   (finds this stack through ${stackFilePath(dataDir)})`,
  ];
  if (usesDevelopmentSecret(config)) {
    const token = await developmentToken({ ...config, jwtSecret: DEVELOPMENT_JWT_SECRET });
    // The fragment (#token=) never leaves the browser: the page reads it, the gateway never sees it in a URL.
    lines.push(`  Development token (scope *, role staff, 12 h):\n    ${token}`, `  Try: ${base}/#token=${token}`);
  }
  lines.push('Press Ctrl-C to stop.', '');
  say(lines.join('\n'));
  if (args.has('--demo')) {
    demoToken(config)
      .then((token) => runDemo({ url: `${base.replace('http', 'ws')}/ws`, token, signal: interrupted.signal, log: say }))
      .catch((error: unknown) => say(`demo stopped: ${error instanceof Error ? error.message : String(error)}`));
  }
});
