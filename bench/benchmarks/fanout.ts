/**
 * fanout: messages per second the gateway delivers to 10,000 subscribed sockets.
 * - the gateway runs in its own process (gateway-under-test.ts); client processes
 *   (load/socket-clients.ts) hold the sockets, each subscribed to `chat.events` for one room,
 *   and count the messages they receive, packed frames included;
 * - a producer process (load/event-producer.ts) writes MessagePosted events straight to
 *   `<prefix>chat.events`, versions in order per room, at a rate that would deliver 1.5× the
 *   target if the gateway kept up: what the clients count is what the gateway sustains;
 * - two shapes: one room every socket follows, and many rooms with ten subscribers each;
 * - a subscription starts after the room's latest version in the event history, and goes live
 *   once that history (the projector's) covers what the fan-out had delivered before it: a
 *   projector runs while the sockets subscribe, and is stopped once every subscription is live,
 *   so that the figures are the gateway's.
 * Reference: the bare ws broadcast (references/ws-broadcast.ts), one message per frame, same
 * socket count. Sockets the gateway closed as too slow (1013) are reported with the figures.
 */
import { gatewayMetric, gatewayMetricReaches, startBesideGateway, startGatewayUnderTest, type GatewayUnderTest } from '../gateway-under-test';
import { benchAdmin, benchKafka, childFileLimit, measured, measureWindow, notAvailable, seedPublicRooms, topicPrefix, type BenchContext, type Benchmark, type Figure } from '../harness';
import { startEventProducer, startSocketClients } from '../load';
import { measureBroadcast } from '../references/ws-broadcast';
import { TARGETS } from '../targets';

const STREAM = 'chat.events';
/** Typical chat message: the event on the wire is ~250 bytes, like the reference's message. */
const TEXT_LENGTH = 60;
/** Produce for this multiple of the target: the gateway, not the producer, must be the limit. */
const OVERDRIVE = 1.5;
const SPARE_FILES = 200;

interface Shape {
  readonly name: string;
  readonly keys: number;
  readonly subscribersPerKey: number;
}

function subscriptionsReach(gateway: GatewayUnderTest, done: (held: number) => boolean, what: string): Promise<void> {
  return gatewayMetricReaches(gateway, 'eventline_gateway_subscriptions', done, what);
}

async function measureShape(context: BenchContext, gateway: GatewayUnderTest, shape: Shape, parameters: { warmupMs: number; durationMs: number }) {
  const sockets = shape.keys * shape.subscribersPerKey;
  const rooms = Array.from({ length: shape.keys }, (_, index) => `${shape.name.replace(/\W/g, '-')}-room-${index}`);
  await seedPublicRooms(context, gateway.databaseUrl, rooms);
  const projector = startBesideGateway(context, gateway, 'projector');
  const clients = await startSocketClients(context, `subscribers-${shape.keys}`, {
    url: gateway.wsUrl,
    token: gateway.token,
    sockets,
    keys: rooms,
    sendOnOpen: [JSON.stringify({ op: 'subscribe', id: 's', stream: STREAM, key: '{key}' })],
  });
  await subscriptionsReach(gateway, (held) => held >= sockets, `${sockets} subscriptions`);
  await gatewayMetricReaches(gateway, 'eventline_gateway_subscriptions_catching_up', (catchingUp) => catchingUp === 0, 'every subscription live');
  await projector.stop();
  const recordsPerSec = Math.ceil((TARGETS.fanout.value * OVERDRIVE) / shape.subscribersPerKey);
  const producer = await startEventProducer(context, `producer-${shape.keys}`, {
    brokers: context.stack.kafkaBrokers,
    topic: `${topicPrefix(context)}${STREAM}`,
    rooms,
    recordsPerSec,
    textLength: TEXT_LENGTH,
  });
  const closesBefore = await gatewayMetric(gateway, 'eventline_gateway_slow_socket_closes_total');
  const window = await measureWindow([...clients, producer], parameters.warmupMs, parameters.durationMs);
  const slowCloses = (await gatewayMetric(gateway, 'eventline_gateway_slow_socket_closes_total')) - closesBefore;
  // Stopped now: the next shape needs the cores, the file descriptors and a gateway without these sockets.
  await Promise.all([producer, ...clients].map((load) => load.stop()));
  await subscriptionsReach(gateway, (held) => held === 0, 'the closed sockets to leave');
  const rates = window.rates;
  return {
    sockets,
    recordsPerSec,
    producedPerSec: rates.produced ?? 0,
    messagesPerSec: rates.messages ?? 0,
    framesPerSec: rates.frames ?? 0,
    messagesPerFrame: (rates.messages ?? 0) / Math.max(1, rates.frames ?? 0),
    deliveredShare: (rates.messages ?? 0) / Math.max(1, (rates.produced ?? 0) * shape.subscribersPerKey),
    slowCloses,
  };
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  summary: 'messages/s delivered to 10,000 sockets: one hot key, and many keys (reference: bare ws)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.fanout],
  budgetMs: 240_000,
  async run(context) {
    const wanted = context.scaled(10_000, 1_000);
    const sockets = Math.min(wanted, childFileLimit() - SPARE_FILES);
    const shapes: Shape[] = [
      { name: 'one key', keys: 1, subscribersPerKey: sockets },
      { name: 'many keys', keys: Math.floor(sockets / 10), subscribersPerKey: 10 },
    ];
    const parameters = {
      sockets,
      shapes,
      stream: STREAM,
      event: `MessagePosted, ${TEXT_LENGTH}-character text`,
      produced: `${OVERDRIVE}× what the target needs, per shape`,
      warmupMs: context.scaled(3_000, 1_000),
      durationMs: context.scaled(10_000, 2_000),
    };
    const gateway = await startGatewayUnderTest(context, await benchAdmin(context, benchKafka(context)), 'websocket');
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);

    const results: Record<string, Awaited<ReturnType<typeof measureShape>>> = {};
    for (const shape of shapes) {
      context.log(`${shape.name}: ${shape.keys.toLocaleString('en-US')} key(s) × ${shape.subscribersPerKey.toLocaleString('en-US')} subscribers`);
      results[shape.name] = await measureShape(context, gateway, shape, parameters);
    }
    await gateway.process.stop();
    context.log(`reference: bare ws, one message per frame, ${sockets.toLocaleString('en-US')} sockets`);
    const bare = await measureBroadcast(context, { sockets, messagesPerFrame: 1, warmupMs: parameters.warmupMs, durationMs: parameters.durationMs });
    const figures: Figure[] = shapes.map((shape) => ({
      label: shape.name,
      value: results[shape.name]?.messagesPerSec ?? 0,
      unit: 'messages/s',
      reference: { label: 'bare ws 1/frame', value: bare.messagesPerSec, unit: 'messages/s' },
      target: TARGETS.fanout,
    }));
    return measured(figures, parameters, { shapes: results, bare });
  },
};
