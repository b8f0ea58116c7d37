/**
 * `npm start`: the whole backend on one machine with no configuration. Starts Kafka and
 * PostgreSQL unless KAFKA_BROKERS / DATABASE_URL point elsewhere, then the gateway, the
 * command handler, the projector and the workflow service as separate processes; Ctrl-C stops everything.
 *
 *   npm start -- --fresh    wipe .eventline/ (local Kafka and PostgreSQL data) first
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

const HELP = `Usage: npm start [-- --fresh] [--demo]

Runs Eventline locally: Kafka and PostgreSQL (unless KAFKA_BROKERS / DATABASE_URL are set),
then the gateway, command handler, projector and workflow service, and keeps them all running (a process that
dies is started again). Data lives in .eventline/; the addresses in .eventline/stack.json,
where the eventline CLI finds them.

  --fresh   delete the local Kafka and PostgreSQL data first
  --demo    also send demo traffic to the dashboard (like npm run demo)
  --help    show this help
`;

/** In the order their operations ports are numbered (OPS_PORT_DEFAULTS). */
const SERVICES = ['gateway', 'command-handler', 'projector', 'workflow'] as const;

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
  const unknown = [...args].filter((arg) => !['--fresh', '--demo'].includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`eventline: unknown option ${unknown.join(' ')}\n\n${HELP}`);
    process.exit(2);
  }
  const config = loadConfig();
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const dataDir = localDataDir(config.dataDir);
  if (args.has('--fresh')) {
    removeLocalData(dataDir);
    say(`wiped local data in ${dataDir}`);
  }

  // Signals are handled from here on: Kafka and PostgreSQL run in process groups of their own
  // (out of reach of the terminal's Ctrl-C, so they outlive the services that still need
  // them), and a stop during start-up must still stop what has started by then. The handlers
  // are in place before anything starts: a signal that came before them would kill this
  // process at once and leave Kafka and PostgreSQL running.
  const supervisor = new Supervisor(path.join(dataDir, 'logs'), say);
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
    dataDir,
    kafkaBrokers: config.kafkaBrokers,
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

  const gatewayPort = await portOrFree(config.port, config.host);
  // One operations port per service: OPS_PORT (default: the gateway's) and the next ones, or free ones when taken (0: all free).
  const firstOpsPort = config.opsPort ?? OPS_PORT_DEFAULTS.gateway;
  const opsPorts: Record<(typeof SERVICES)[number], number> = { gateway: 0, 'command-handler': 0, projector: 0, workflow: 0 };
  for (const [index, service] of SERVICES.entries()) opsPorts[service] = await portOrFree(firstOpsPort === 0 ? 0 : firstOpsPort + index, config.opsHost);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    DATABASE_URL: stack.databaseUrl,
    PORT: String(gatewayPort),
  };
  const dist = path.resolve(__dirname, '..');
  const scripts = { gateway: path.join(dist, 'gateway', 'main.js'), 'command-handler': path.join(dist, 'services', 'command-handler', 'main.js'), projector: path.join(dist, 'services', 'projector', 'main.js'), workflow: path.join(dist, 'services', 'workflow', 'main.js') };
  for (const service of SERVICES) {
    supervisor.start({ name: service, script: scripts[service], env: serviceProcessEnv(service, { ...env, OPS_PORT: String(opsPorts[service]) }) });
  }

  const host = (bound: string): string => (bound === '0.0.0.0' ? '127.0.0.1' : bound);
  const base = `${config.clientTls ? 'https' : 'http'}://${host(config.host)}:${gatewayPort}`;
  const ops = (service: (typeof SERVICES)[number]): string => `http://${host(config.opsHost)}:${opsPorts[service]}`;
  if (!(await waitForHealth(`${ops('gateway')}/readyz`, 120_000))) {
    say('the gateway did not become ready within 2 minutes; see the logs above and .eventline/logs/');
    return;
  }
  const lines = [
    '',
    'Eventline is running.',
    `  Dashboard:  ${base}/`,
    `  WebSocket:  ${base.replace('http', 'ws')}/ws`,
    `  Operations: /healthz /readyz /metrics of each service`,
    ...SERVICES.map((service) => `    ${service.padEnd(16)}${ops(service)}`),
    `  Kafka:      ${stack.kafkaBrokers.join(',')}`,
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
