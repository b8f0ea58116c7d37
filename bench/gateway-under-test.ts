/**
 * The gateway the gateway benchmarks measure: `dist/gateway/main.js` in its own process on
 * a free port, with this benchmark's topics and database and a JWT secret of its own, plus
 * a token for the load generators. Before any load it probes what the benchmark needs (a
 * WebSocket on /ws, acks for commands); while the gateway cannot do it yet, the benchmark
 * reports "not available" with what the probe saw.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaAdmin } from '../platform/kafka';
import { freePort } from '../infra/ports';
import { STAFF } from '../domains/access';
import { signToken } from '../gateway/auth/tokens';
import { TimedOutError } from '../platform/errors';
import { TopicNames } from '../platform/kafka';
import { eventlineTopicSpecs } from '../services/topology';
import { benchDatabase, createBenchTopics, ServiceProcess, topicPrefix, type BenchContext } from './harness';
import { placeOrderFrame } from './load/command-frames';
import { openSockets } from './load/open-sockets';
import { onReplies } from './load/replies';

const HEALTH_TIMEOUT_MS = 90_000;
/** More sockets than any benchmark opens (fan-out: 10,000; idle sockets: more). */
const BENCH_MAX_SOCKETS = 1_000_000;
const PROBE_TIMEOUT_MS = 10_000;
const WEBSOCKET_WAIT_MS = 60_000;
const PROBE_INTERVAL_MS = 500;
/** Below the gateway's default COMMAND_TIMEOUT_MS (10 s), after which it no longer routes the outcome. */
const OUTCOME_ROUND_MS = 8_000;
/** How long gatewayMetricReaches waits by default. */
const METRIC_WAIT_MS = 60_000;

export interface GatewayUnderTest {
  readonly process: ServiceProcess;
  readonly wsUrl: string;
  /** Its operations port: /healthz, /readyz, /metrics. */
  readonly opsUrl: string;
  /** HS256, scope `*`, subject `bench`. */
  readonly token: string;
  /** The benchmark's own database, which the gateway reads. */
  readonly databaseUrl: string;
}

/** `websocket`: an authenticated upgrade on /ws succeeds. `commands`: a PlaceOrder sent there is acked. */
export type GatewayCapability = 'websocket' | 'commands';

/** Opens one socket: undefined once that works, else the last refusal (retried for a while). */
async function probeWebSocket(url: string, token: string): Promise<string | undefined> {
  const deadline = Date.now() + WEBSOCKET_WAIT_MS;
  for (;;) {
    try {
      (await openSockets({ url, token, count: 1 }))[0]?.terminate();
      return undefined;
    } catch (error) {
      if (Date.now() > deadline) return error instanceof Error ? error.message : String(error);
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

/** Sends one PlaceOrder on a fresh socket: undefined once its `awaited` answer came, otherwise what happened instead. */
async function probeCommand(url: string, token: string, awaited: 'ack' | 'outcome', timeoutMs: number): Promise<string | undefined> {
  const [socket] = await openSockets({ url, token, count: 1 });
  if (!socket) return 'no socket';
  const commandId = randomUUID();
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(`no ${awaited} within ${timeoutMs} ms`), timeoutMs);
      onReplies(socket, (reply) => {
        if (reply.id !== commandId || (reply.op === 'ack' && awaited === 'outcome')) return;
        clearTimeout(timer);
        resolve(reply.op === awaited ? undefined : `answered ${reply.op ?? '?'}: ${reply.message ?? ''}`);
      });
      socket.send(placeOrderFrame(commandId));
    });
  } finally {
    socket.terminate();
  }
}

/**
 * Resolves once a command sent through the gateway gets its outcome: a command handler is
 * deciding and outcomes flow back. The gateway forgets a command after COMMAND_TIMEOUT_MS,
 * so a handler still starting is waited for with a fresh command each round.
 */
export async function awaitFirstOutcome(gateway: GatewayUnderTest, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = await probeCommand(gateway.wsUrl, gateway.token, 'outcome', OUTCOME_ROUND_MS);
    if (problem === undefined) return;
    if (Date.now() > deadline) throw new TimedOutError(`no command got an outcome within ${timeoutMs} ms (${problem})`);
    await sleep(PROBE_INTERVAL_MS);
  }
}

/** The running gateway, or why it cannot serve this benchmark yet. */
export async function startGatewayUnderTest(
  context: BenchContext,
  admin: KafkaAdmin,
  needs: GatewayCapability,
  env: Readonly<Record<string, string>> = {},
): Promise<GatewayUnderTest | { readonly missing: string }> {
  const prefix = topicPrefix(context);
  await createBenchTopics(context, admin, eventlineTopicSpecs(new TopicNames(prefix), context.config.topicPartitions));
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const opsPort = await freePort();
  const databaseUrl = await benchDatabase(context);
  const gateway = ServiceProcess.start(context, 'gateway', {
    KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    OPS_PORT: String(opsPort),
    TOPIC_PREFIX: prefix,
    KAFKA_CLIENT_ID: `${prefix}app`,
    JWT_SECRET: secret,
    // Every load socket carries the one bench token: the per-user caps would refuse all but 50 sockets and 100 subscriptions.
    WS_MAX_CONNECTIONS_PER_USER: String(BENCH_MAX_SOCKETS),
    HTTP_RATE_PER_SEC: String(BENCH_MAX_SOCKETS),
    HTTP_RATE_BURST: String(BENCH_MAX_SOCKETS),
    ...env,
  });
  const opsUrl = `http://127.0.0.1:${opsPort}`;
  // Ready: Kafka and PostgreSQL reachable, and the client port listening.
  await gateway.waitForHttp(`${opsUrl}/readyz`, HEALTH_TIMEOUT_MS);
  // Staff: the load places orders for a customer other than the bench user.
  const token = await signToken(secret, { subject: 'bench', scope: '*', roles: [STAFF] });
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const refusal = await probeWebSocket(wsUrl, token);
  if (refusal !== undefined) return { missing: `the gateway does not accept WebSocket connections on /ws yet (${refusal})` };
  if (needs === 'commands') {
    const problem = await probeCommand(wsUrl, token, 'ack', PROBE_TIMEOUT_MS);
    if (problem !== undefined) return { missing: `the gateway does not ack commands on /ws yet (${problem})` };
  }
  return { process: gateway, wsUrl, opsUrl, token, databaseUrl };
}

/** One series of the gateway's /metrics (series carry the process's default labels). */
export async function gatewayMetric(gateway: GatewayUnderTest, name: string): Promise<number> {
  return (await gatewayMetrics(gateway, [name]))[0] as number;
}

/** Several metrics from one scrape (one scrape restarts prom-client's event-loop delay histogram). */
export async function gatewayMetrics(gateway: GatewayUnderTest, names: readonly string[]): Promise<number[]> {
  const lines = (await (await fetch(`${gateway.opsUrl}/metrics`)).text()).split('\n');
  return names.map((name) => Number(lines.find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `))?.split(' ').at(-1) ?? 0));
}

export async function gatewayMetricReaches(gateway: GatewayUnderTest, name: string, done: (value: number) => boolean, what: string, timeoutMs = METRIC_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(await gatewayMetric(gateway, name))) {
    if (Date.now() > deadline) throw new TimedOutError(`the gateway's ${name} did not reach ${what} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** A command handler or projector beside the gateway under test: its broker, topics, client id and database (and `env`, e.g. tracing). */
export function startBesideGateway(context: BenchContext, gateway: GatewayUnderTest, service: 'command-handler' | 'projector', env: Readonly<Record<string, string>> = {}): ServiceProcess {
  return ServiceProcess.start(context, service, {
    KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
    TOPIC_PREFIX: topicPrefix(context),
    TOPIC_PARTITIONS: String(context.config.topicPartitions),
    KAFKA_CLIENT_ID: `${topicPrefix(context)}app`,
    ...(service === 'projector' ? { DATABASE_URL: gateway.databaseUrl } : {}),
    ...env,
  });
}
