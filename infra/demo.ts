/**
 * Demo traffic for the dashboard: through the client SDK (from Node, with `ws`), places,
 * pays, ships and cancels orders across the demo stores and chats in the demo room, at a
 * steady rate, logging a line every few seconds. Ctrl-C stops it.
 *
 *   npm run demo [-- --rate 20 --duration 60 --url ws://127.0.0.1:8080/ws]
 *   npm start -- --demo         (start.ts runs `runDemo` in-process once the gateway is up)
 *
 * Each order moves only after its previous command's outcome, so the traffic is valid and
 * nearly every command is accepted; the dashboard's numbers move the way a shop's would.
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { EventlineClient, randomUuid, type CommandInput } from '../client';
import { DEMO_ROOM, DEMO_STORES } from '../gateway/dashboard/page/demo-defaults';
import { STAFF } from '../domains/access';
import { signToken } from '../gateway/auth/tokens';
import { loadConfig, type Config } from '../platform/config';
import { BadRequestError, ConfigError } from '../platform/errors';
import { runMain } from '../platform/runtime';

export interface DemoOptions {
  /** The gateway's WebSocket endpoint, e.g. `ws://127.0.0.1:8080/ws`. */
  readonly url: string;
  /** A token with scopes `commands:orders commands:chat` (or `*`); see `demoToken`. */
  readonly token: string;
  /** Commands per second. Default 20. */
  readonly rate?: number;
  /** Stops after this many seconds; default: when `signal` aborts. */
  readonly durationSeconds?: number;
  readonly signal?: AbortSignal;
  /** Where progress lines go. Default: stdout. */
  readonly log?: (line: string) => void;
}

export interface DemoSummary {
  readonly sent: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Error replies, timeouts, and commands still waiting when the demo stopped. */
  readonly failed: number;
}

export const DEMO_DEFAULTS = Object.freeze({ rate: 20, logEveryMs: 5_000, tickMs: 100, maxOpenOrders: 500, stopGraceMs: 5_000 });

const PRODUCTS: readonly { sku: string; priceCents: number }[] = [
  { sku: 'espresso-beans', priceCents: 1_450 },
  { sku: 'pour-over-kit', priceCents: 3_900 },
  { sku: 'ceramic-mug', priceCents: 1_200 },
  { sku: 'grinder', priceCents: 8_900 },
  { sku: 'filter-papers', priceCents: 450 },
];
const CARRIERS = ['DHL', 'UPS', 'PostNL', 'DPD'];
const CANCEL_REASONS = ['changed mind', 'found it cheaper', 'ordered twice'];
const CHAT_LINES = ['Big order just came in!', 'Who is on shipping today?', 'Grinders are flying off the shelf.', 'Coffee break in 5.', 'Store 3 is busy this morning.'];

interface OpenOrder {
  readonly orderId: string;
  readonly storeId: string;
  readonly totalCents: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Takes a random element out of `items` (order does not matter). */
function takeRandom<T>(items: T[]): T | undefined {
  if (items.length === 0) return undefined;
  const index = Math.floor(Math.random() * items.length);
  const taken = items[index] as T;
  items[index] = items[items.length - 1] as T;
  items.pop();
  return taken;
}

/** A token for the demo user, signed with the gateway's HS256 secret (development and test setups); staff, since it orders for many customers and ships. */
export async function demoToken(config: Readonly<Config>): Promise<string> {
  if (config.jwtSecret === undefined) throw new ConfigError('JWT_SECRET', 'the demo signs its own token: set JWT_SECRET (the gateway uses JWKS here)');
  return signToken(config.jwtSecret, { subject: 'demo', scope: 'commands:orders commands:chat', roles: [STAFF] }, config);
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const rate = options.rate ?? DEMO_DEFAULTS.rate;
  if (!(rate > 0)) throw new TypeError(`rate must be a positive number of commands/s, got ${rate}`);
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const client = new EventlineClient({ url: options.url, token: options.token, WebSocket });
  client.on('connecting', ({ reason, delayMs }) => log(`demo: connecting in ${delayMs} ms (${reason})`));
  client.on('connected', () => log('demo: connected'));
  client.on('error', (error) => log(`demo: ${error.message}`));

  const run = randomUuid().slice(0, 8);
  const placed: OpenOrder[] = [];
  const paid: OpenOrder[] = [];
  const counts = { sent: 0, accepted: 0, rejected: 0, failed: 0 };
  let inFlight = 0;
  let orderCount = 0;

  /** Sends `command`; when accepted, `next` says where the order goes (placed → paid, …). */
  const issue = (command: CommandInput, next?: () => void): void => {
    counts.sent += 1;
    inFlight += 1;
    client.command(command).then(
      (outcome) => {
        if (outcome.status === 'accepted') {
          counts.accepted += 1;
          next?.();
        } else counts.rejected += 1;
      },
      () => void (counts.failed += 1),
    ).finally(() => void (inFlight -= 1));
  };

  const placeOrder = (): void => {
    orderCount += 1;
    const items = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({ ...pick(PRODUCTS), qty: 1 + Math.floor(Math.random() * 3) }));
    const order: OpenOrder = { orderId: `demo-${run}-${orderCount}`, storeId: pick(DEMO_STORES), totalCents: items.reduce((sum, line) => sum + line.qty * line.priceCents, 0) };
    const data = { storeId: order.storeId, customerId: `customer-${1 + Math.floor(Math.random() * 200)}`, items, currency: 'EUR' };
    issue({ domain: 'orders', name: 'PlaceOrder', key: order.orderId, data }, () => placed.push(order));
  };

  /** One command, chosen like a shop's day: mostly new orders and payments, some shipping, a few cancellations and chat. */
  const step = (): void => {
    const roll = Math.random();
    const open = placed.length + paid.length;
    if (roll < 0.08) return issue({ domain: 'chat', name: 'PostMessage', key: DEMO_ROOM, data: { messageId: randomUuid(), text: pick(CHAT_LINES) } });
    if (roll < 0.14) {
      const order = takeRandom(Math.random() < 0.5 ? placed : paid);
      if (order) return issue({ domain: 'orders', name: 'CancelOrder', key: order.orderId, data: { reason: pick(CANCEL_REASONS) } });
    }
    if (roll < 0.35 || open >= DEMO_DEFAULTS.maxOpenOrders) {
      const order = takeRandom(paid);
      if (order) return issue({ domain: 'orders', name: 'ShipOrder', key: order.orderId, data: { carrier: pick(CARRIERS), trackingNumber: null } });
    }
    if (roll < 0.65 || open >= DEMO_DEFAULTS.maxOpenOrders) {
      const order = takeRandom(placed);
      if (order) return issue({ domain: 'orders', name: 'PayOrder', key: order.orderId, data: { amountCents: order.totalCents } }, () => paid.push(order));
    }
    placeOrder();
  };

  const startedAt = Date.now();
  const report = (): void => {
    const seconds = (Date.now() - startedAt) / 1000;
    const { sent, accepted, rejected, failed } = counts;
    log(`demo: ${sent} commands in ${seconds.toFixed(0)} s (${(sent / Math.max(seconds, 1)).toFixed(1)}/s): ${accepted} accepted, ${rejected} rejected, ${failed} failed; ${placed.length + paid.length} open orders`);
  };

  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
    if (options.durationSeconds !== undefined) setTimeout(resolve, options.durationSeconds * 1000).unref();
  });
  // The room may exist from an earlier run: then this is rejected, which is fine.
  issue({ domain: 'chat', name: 'CreateRoom', key: DEMO_ROOM, data: { title: 'Demo lobby' } });
  if (await Promise.race([client.connect().then(() => true), stopped.then(() => false)])) {
    log(`demo: sending ${rate} commands/s to ${options.url} (stores ${DEMO_STORES.join(', ')}, room ${DEMO_ROOM})`);
    let due = 0;
    let last = Date.now();
    const maxInFlight = Math.max(100, rate * 5);
    const ticker = setInterval(() => {
      const now = Date.now();
      // At most one second's worth after a stall: a paused laptop should not come back with a burst.
      due = Math.min(due + (rate * (now - last)) / 1000, rate);
      last = now;
      for (; due >= 1 && inFlight < maxInFlight; due -= 1) step();
    }, DEMO_DEFAULTS.tickMs);
    const reporter = setInterval(report, DEMO_DEFAULTS.logEveryMs);
    await stopped;
    clearInterval(ticker);
    clearInterval(reporter);
  }
  // Give the commands on their way a moment to be decided, if there is a connection to decide them.
  for (const deadline = Date.now() + DEMO_DEFAULTS.stopGraceMs; inFlight > 0 && client.state === 'connected' && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  client.close();
  // The promises of commands cut off by close() settle on the next turns.
  while (inFlight > 0) await new Promise((resolve) => setImmediate(resolve));
  report();
  return { ...counts };
}

const USAGE = `Usage: npm run demo [-- --rate <commands/s>] [--duration <seconds>] [--url <ws://host:port/ws>]

Sends demo orders (store-1..store-5) and chat messages (room "lobby") to a running gateway.
Defaults: --rate ${DEMO_DEFAULTS.rate}, until Ctrl-C, the gateway at HOST:PORT.
`;

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new BadRequestError(`--${name} must be a positive number, got "${raw}"\n\n${USAGE}`);
  return value;
}

function demoArguments(): { rate?: string; duration?: string; url?: string; help?: boolean } {
  try {
    return parseArgs({ options: { rate: { type: 'string' }, duration: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    throw new BadRequestError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

// Run as a script (npm run demo); imported by start.ts for --demo.
if (require.main === module) {
  runMain('demo', async () => {
    const values = demoArguments();
    if (values.help) return void process.stdout.write(USAGE);
    const config = loadConfig();
    const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const summary = await runDemo({
      url: values.url ?? `ws://${host}:${config.port}/ws`,
      token: await demoToken(config),
      rate: positive('rate', values.rate),
      durationSeconds: positive('duration', values.duration),
      signal: stop.signal,
    });
    process.exitCode = summary.failed > 0 && summary.accepted === 0 ? 1 : 0;
  });
}
