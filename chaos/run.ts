/**
 * `npm run chaos`: the fault suite. Starts a local stack (stack.ts), puts steady load on it
 * (load.ts) and injects one fault after another, each with orders of its own: SIGKILL of
 * the command handler, the projector, the gateway; SIGKILL of one of two command handlers
 * (a standby as on another machine takes over); Kafka killed for ~18 s; PostgreSQL stopped
 * for ~60 s; a subscriber that stops reading; a soak. Per fault it writes commands sent and
 * accepted, events, duplicates, missing events, read-model mismatches, the longest gap
 * between outcomes, the recovery time and the services' memory before and after to
 * bench/results/chaos.json, and prints a table. docs/reliability.md explains the figures.
 * `--cluster` runs the cluster's faults instead (cluster-faults.ts) on three Kafka nodes and
 * two instances of each service, the load spread over both gateways, into chaos-cluster.json.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import WebSocket from 'ws';
import { STAFF } from '../domains/access';
import { signToken } from '../gateway/auth/tokens';
import { RESULTS_DIR } from '../bench/harness/results';
import { renderRows } from './table';
import { createKafka } from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { runMain } from '../platform/runtime';
import { createCodec } from '../schemas';
import { SteadyLoad } from './load';
import { CLUSTER_FAULTS } from './cluster-faults';
import type { Fault, FaultContext, FaultOutcome, Options } from './fault';
import { ChaosStack, CLUSTER_NODES, type Instance, type ServiceName } from './stack';
import { checkData, type DataCheck } from './verify';

const USAGE = `Usage: npm run chaos [-- [--cluster] [--rate N] [--soak-seconds N] [--postgres-seconds N] [--session-timeout-ms N] [<fault> …]]

Faults: FAULTS (all by default, in this order).
With --cluster: CLUSTER (all by default), on three Kafka nodes and two instances of each
service, results in bench/results/chaos-cluster.json.
  --rate N                commands/s of the steady load (default 500)
  --soak-seconds N        length of the soak (default 60; the issue's soak is 600)
  --postgres-seconds N    how long PostgreSQL stays down (default 60)
  --session-timeout-ms N  GROUP_SESSION_TIMEOUT_MS of the services (default 6000, the
                          config's default); heartbeats every third of it, at most 1 s
`;

const WARMUP_MS = 5_000;
const AFTER_RECOVERY_MS = 5_000;
const RECOVERY_LIMIT_MS = 120_000;
const DRAIN_MS = 20_000;
const CATCH_UP_MS = 60_000;
const MB = 1024 * 1024;
/** After a rebalance, before a kill: the members have taken their partitions over. */
const SETTLE_MS = 3_000;
const SERVICES: readonly ServiceName[] = ['gateway', 'command-handler', 'projector'];

const killService = (service: ServiceName): Fault => async ({ stack }) => {
  stack.kill(service);
  return { over: performance.now(), recovery: service === 'projector' ? 'read-model' : 'outcomes' };
};

const FAULTS: Record<string, Fault> = {
  'sigkill-command-handler': killService('command-handler'),
  'sigkill-projector': killService('projector'),
  'sigkill-gateway': async (context) => {
    const before = await gatewayGroups(context.stack);
    const outcome = await killService('gateway')(context);
    return { ...outcome, notes: { killedGatewayGroupGoneAfterSeconds: await groupsGone(context.stack, before) } };
  },
  'sigkill-kafka-18s': async ({ stack }) => {
    await stack.killKafka();
    await sleep(18_000);
    await stack.startKafka();
    return { over: performance.now(), recovery: 'outcomes' };
  },
  'stop-postgres': async ({ stack, options, httpUrl, opsUrl, token }) => {
    await stack.stopPostgres();
    await sleep(5_000);
    const read = await fetch(`${httpUrl}/api/views/store_stats/chaos-store`, { headers: { authorization: `Bearer ${token}` } });
    const ready = await fetch(`${opsUrl}/readyz`);
    const notes = {
      restReadStatus: read.status,
      restReadRetryAfter: read.headers.get('retry-after'),
      readyzStatus: ready.status,
      readyz: await ready.json().catch(() => null),
    };
    await sleep(Math.max(0, options.postgresSeconds * 1000 - 5_000));
    await stack.startPostgres();
    return { over: performance.now(), recovery: 'read-model', notes };
  },
  'sigkill-command-handler-standby': standbyTakeover,
  'never-reading-subscriber': async ({ wsUrl, token, prefix }) => neverReading(wsUrl, token, prefix),
  soak: async ({ stack, options }) => {
    const samples: Record<string, number>[] = [];
    for (let second = 0; second < options.soakSeconds; second += 10) {
      await sleep(Math.min(10, options.soakSeconds - second) * 1000);
      samples.push(Object.fromEntries(SERVICES.map((service) => [service, Math.round(stack.rss(service) / MB)])));
    }
    return { over: performance.now(), recovery: 'none', notes: { soakSeconds: options.soakSeconds, rssSamplesMB: samples } };
  },
};

/**
 * A second command handler runs "on another machine" (a data directory of its own, so it
 * cannot remove the killed member from the group); the instance that owns the orders commands
 * partition is SIGKILLed and not restarted: the survivor takes the partition over once the
 * group's session timeout (GROUP_SESSION_TIMEOUT_MS) has expired the dead member.
 */
async function standbyTakeover({ stack, options }: FaultContext): Promise<FaultOutcome> {
  await stack.spawn('command-handler:standby');
  const ordersCommands = 'orders.commands';
  const owner = async (): Promise<Instance | undefined> => {
    for (const instance of ['command-handler', 'command-handler:standby'] as const) {
      if ((latestAssignment(stack.logFile(instance))?.[ordersCommands] ?? []).length > 0) return instance;
    }
    return undefined;
  };
  // Both members have joined the rebalance the standby started, and one of them owns the partition.
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline && (latestAssignment(stack.logFile('command-handler:standby')) === undefined || (await owner()) === undefined)) await sleep(250);
  await sleep(SETTLE_MS);
  const killed = (await owner()) ?? 'command-handler';
  stack.kill(killed, false);
  const over = performance.now();
  return {
    over,
    recovery: 'outcomes',
    notes: { killed, sessionTimeoutMs: options.sessionTimeoutMs },
    restore: async () => {
      if (killed === 'command-handler') await stack.spawn('command-handler');
      await sleep(5_000);
      await stack.stopInstance('command-handler:standby');
    },
  };
}

/** The partitions the instance got at its latest join of the command-handler group, by topic. */
function latestAssignment(logFile: string): Record<string, number[]> | undefined {
  let assignment: Record<string, number[]> | undefined;
  let text = '';
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('joined the command-handler group')) continue;
    try {
      assignment = (JSON.parse(line) as { assignment: Record<string, number[]> }).assignment;
    } catch {
      // a partial line being written
    }
  }
  return assignment;
}

async function gatewayGroups(stack: ChaosStack): Promise<string[]> {
  return stack.withAdmin(async (admin) => (await admin.listGroups()).groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith('eventline-gateway-')));
}

/** Seconds until none of `groups` exists any more (null: still there after 90 s). */
async function groupsGone(stack: ChaosStack, groups: readonly string[]): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < 90_000) {
    const now = await gatewayGroups(stack).catch(() => [...groups]);
    if (!groups.some((group) => now.includes(group))) return (performance.now() - started) / 1000;
    await sleep(1_000);
  }
  return null;
}

/**
 * A views-only socket and a chat events socket stop reading while a room is flooded with
 * 4 KB messages: the events socket must get its 1013 close frame with the reason once it
 * reads again, the views socket must still be open, conflated, and catch up.
 */
async function neverReading(wsUrl: string, token: string, prefix: string): Promise<FaultOutcome> {
  const open = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  const room = `${prefix}-room`;
  const poster = await open();
  poster.send(JSON.stringify({ op: 'command', id: randomUUID(), domain: 'chat', name: 'CreateRoom', key: room, data: { title: room, private: false } }));
  await sleep(1_000);
  const events = await open();
  const views = await open();
  let viewVersions = 0;
  views.on('message', () => (viewVersions += 1));
  events.send(JSON.stringify({ op: 'subscribe', id: 's1', stream: 'chat.events', key: room }));
  views.send(JSON.stringify({ op: 'subscribe', id: 's2', stream: 'views.store_stats', key: 'chaos-store' }));
  await sleep(1_000);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => events.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const raw = (socket: WebSocket) => (socket as WebSocket & { _socket: { pause(): void; resume(): void } })._socket;
  raw(events).pause();
  raw(views).pause();
  const text = 'x'.repeat(4000);
  const started = performance.now();
  while (performance.now() - started < 20_000) {
    for (let i = 0; i < 20; i += 1) {
      const id = randomUUID();
      poster.send(JSON.stringify({ op: 'command', id, domain: 'chat', name: 'PostMessage', key: room, data: { messageId: id, text } }));
    }
    await sleep(100);
  }
  const beforeResume = viewVersions;
  raw(events).resume();
  raw(views).resume();
  const close = await Promise.race([closed, sleep(30_000).then(() => ({ code: -1, reason: 'no close within 30 s' }))]);
  await sleep(3_000);
  const notes = { eventsSocketClose: close, viewsSocketOpen: views.readyState === WebSocket.OPEN, viewsMessagesAfterResume: viewVersions - beforeResume };
  for (const socket of [poster, events, views]) socket.terminate();
  return { over: performance.now(), recovery: 'none', notes };
}

interface FaultResult extends DataCheck {
  fault: string;
  commandsSent: number;
  refused: number;
  acked: number;
  accepted: number;
  errors: number;
  /** How many commands got each error code (all of them: a load the gateway refuses measures nothing). */
  errorCodes: Record<string, number>;
  longestOutcomeGapSeconds: number;
  recoverySeconds: number | null;
  rssBeforeMB: Record<string, number>;
  rssAfterMB: Record<string, number>;
  notes: Record<string, unknown>;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

async function ordersRows(databaseUrl: string, prefix: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM orders WHERE order_id LIKE $1', [`${prefix}%`]);
    return Number(rows[0]?.count ?? 0);
  } catch {
    return -1;
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function runFault(name: string, fault: Fault, context: Omit<FaultContext, 'prefix'>): Promise<FaultResult> {
  const { stack, options } = context;
  const prefix = `chaos-${name}-${randomUUID().slice(0, 6)}`;
  const load = new SteadyLoad(context.wsUrls, context.token, options.rate, prefix);
  load.start();
  await sleep(WARMUP_MS);
  const rssBeforeMB = Object.fromEntries(SERVICES.map((service) => [service, Math.round(stack.rss(service) / MB)]));
  const injected = performance.now();
  const rowsAtFault = await ordersRows(stack.databaseUrl, prefix);
  const outcome = await fault({ ...context, prefix });
  let recoverySeconds: number | null = null;
  const deadline = performance.now() + RECOVERY_LIMIT_MS;
  while (outcome.recovery !== 'none' && recoverySeconds === null && performance.now() < deadline) {
    if (outcome.recovery === 'outcomes') {
      const first = [...load.sent.values()].filter((command) => command.sentAt >= outcome.over && command.outcomeAt !== undefined).map((command) => command.outcomeAt!);
      if (first.length > 0) recoverySeconds = (first.reduce((earliest, at) => Math.min(earliest, at)) - outcome.over) / 1000;
    } else if ((await ordersRows(stack.databaseUrl, prefix)) > rowsAtFault) {
      recoverySeconds = (performance.now() - outcome.over) / 1000;
    }
    await sleep(50);
  }
  await sleep(AFTER_RECOVERY_MS);
  load.stop();
  const stopped = performance.now();
  const commands = [...load.sent.values()];
  const drainBy = performance.now() + DRAIN_MS;
  while (commands.some((command) => command.ackAt !== undefined && command.outcomeAt === undefined) && performance.now() < drainBy) await sleep(200);
  const rssAfterMB = Object.fromEntries(SERVICES.map((service) => [service, Math.round(stack.rss(service) / MB)]));
  await outcome.restore?.();
  const times = [injected, ...load.outcomeTimes.filter((at) => at >= injected && at <= stopped), stopped];
  // A loop, not Math.max(...): a soak has hundreds of thousands of outcomes, more arguments than the stack holds.
  let longestGapMs = 0;
  for (let index = 1; index < times.length; index += 1) longestGapMs = Math.max(longestGapMs, times[index]! - times[index - 1]!);
  const longestOutcomeGapSeconds = longestGapMs / 1000;

  const kafka = createKafka(stack.brokers, 'eventline-chaos', createLogger('chaos', 'silent'));
  let data = await checkData(kafka, createCodec(), stack.databaseUrl, prefix, commands);
  const catchUpBy = performance.now() + CATCH_UP_MS;
  while (data.readModelMismatches > 0 && performance.now() < catchUpBy) {
    await sleep(2_000);
    data = await checkData(kafka, createCodec(), stack.databaseUrl, prefix, commands);
  }
  return {
    fault: name,
    commandsSent: commands.length,
    refused: load.refused,
    acked: commands.filter((command) => command.ackAt !== undefined).length,
    accepted: commands.filter((command) => command.status === 'accepted').length,
    errors: commands.filter((command) => command.error !== undefined).length,
    errorCodes: countBy(commands.flatMap((command) => (command.error === undefined ? [] : [command.error]))),
    ...data,
    longestOutcomeGapSeconds,
    recoverySeconds,
    rssBeforeMB,
    rssAfterMB,
    notes: outcome.notes ?? {},
  };
}

function parseOptions(args: readonly string[]): { options: Options; cluster: boolean; faults: string[] } {
  const options: Options = { rate: 500, soakSeconds: 60, postgresSeconds: 60, sessionTimeoutMs: 6_000 };
  const cluster = args.includes('--cluster');
  const table = cluster ? CLUSTER_FAULTS : FAULTS;
  const faults: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const value = (): number => {
      const parsed = Number(args[++index]);
      if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${arg} needs a positive number`);
      return parsed;
    };
    if (arg === '--rate') options.rate = value();
    else if (arg === '--soak-seconds') options.soakSeconds = value();
    else if (arg === '--postgres-seconds') options.postgresSeconds = value();
    else if (arg === '--session-timeout-ms') options.sessionTimeoutMs = value();
    else if (arg === '--cluster') continue;
    else if (arg === '--help' || arg === '-h') throw new Error('help');
    else if (table[arg]) faults.push(arg);
    else throw new Error(`unknown fault or option ${arg}${cluster ? ' (with --cluster)' : ''}`);
  }
  return { options, cluster, faults: faults.length > 0 ? faults : Object.keys(table) };
}

runMain('chaos', async () => {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    const usage = USAGE.replace('FAULTS', Object.keys(FAULTS).join(', ')).replace('CLUSTER', Object.keys(CLUSTER_FAULTS).join(', '));
    process.stderr.write(`${(error as Error).message === 'help' ? '' : `chaos: ${(error as Error).message}\n\n`}${usage}`);
    process.exit((error as Error).message === 'help' ? 0 : 2);
  }
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const { sessionTimeoutMs } = parsed.options;
  const stack = await ChaosStack.start(
    {
      GROUP_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
      GROUP_HEARTBEAT_INTERVAL_MS: String(Math.min(1_000, Math.floor(sessionTimeoutMs / 3))),
      WS_SEND_BUFFER_BYTES: String(256 * 1024),
    },
    say,
    { cluster: parsed.cluster },
  );
  const faults = parsed.cluster ? CLUSTER_FAULTS : FAULTS;
  const results: FaultResult[] = [];
  try {
    await stack.waitForGateway();
    // Staff: the load places and pays orders for any customer (orders belong to their customer otherwise).
    const token = await signToken(stack.jwtSecret, { subject: 'chaos', scope: '*', roles: [STAFF] });
    const wsUrls = stack.gateways.map(([, ports]) => `ws://127.0.0.1:${ports.port}/ws`);
    const context = { stack, options: parsed.options, token, wsUrl: wsUrls[0]!, wsUrls, httpUrl: `http://127.0.0.1:${stack.gatewayPort}`, opsUrl: `http://127.0.0.1:${stack.gatewayOpsPort}` };
    for (const name of parsed.faults) {
      say(`▶ ${name}`);
      const result = await runFault(name, faults[name]!, context);
      results.push(result);
      say(`  ${JSON.stringify(result)}`);
      await stack.waitForGateway();
    }
  } finally {
    await stack.stop();
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, parsed.cluster ? 'chaos-cluster.json' : 'chaos.json');
  const layout = parsed.cluster ? { kafkaNodes: CLUSTER_NODES, instances: stack.instanceNames() } : undefined;
  fs.writeFileSync(file, `${JSON.stringify({ startedAt: new Date().toISOString(), options: parsed.options, ...(layout === undefined ? {} : { layout }), results }, null, 2)}\n`);
  const followers = results.flatMap((result) => (result.notes.followers === undefined ? [] : [`${result.fault} subscribers: ${JSON.stringify(result.notes.followers)}`]));
  say(`\n${renderRows(results)}\n${followers.map((line) => `\n${line}`).join('')}\n\nResults: ${path.relative(process.cwd(), file)}`);
  process.exit(0);
});
