/**
 * fanout: messages per second the gateway can deliver to 10,000 subscribed sockets.
 * - the gateway runs in its own process (gateway-under-test.ts); client processes
 *   (load/socket-clients.ts) hold the sockets, each subscribed to `chat.events` for one room,
 *   and count the messages they receive, packed frames included;
 * - a producer process (load/event-producer.ts) writes MessagePosted events straight to
 *   `<prefix>chat.events`, versions in order per room, offering 4× the bare-ws reference's
 *   messages/s at first and doubling the offer every step while the gateway keeps up or still
 *   delivers more than the step before (STILL_GROWING): the figure is the most any step
 *   delivered, a capacity, not the offer;
 * - two shapes: one room every socket follows, and many rooms with ten subscribers each;
 * - a subscription starts after the room's latest version in the event history, and goes live
 *   once that history (the projector's) covers what the fan-out had delivered before it: a
 *   projector runs while the sockets subscribe, and is stopped once every subscription is live,
 *   so that the figures are the gateway's.
 * Reference: the bare ws broadcast (references/ws-broadcast.ts), one message per frame, same
 * socket count, measured first. Sockets the gateway closed as too slow (1013) are reported
 * with the figures, and every step's offer and delivery is in the result file.
 */
import { gatewayMetric, gatewayMetricReaches, gatewayMetrics, startBesideGateway, startGatewayUnderTest, type GatewayUnderTest } from '../gateway-under-test';
import { benchAdmin, benchKafka, childFileLimit, measured, measureWindow, monotonicMs, notAvailable, seedPublicRooms, topicPrefix, type BenchContext, type Benchmark, type Figure } from '../harness';
import { startEventProducer, startSocketClients } from '../load';
import type { EventProducerInfo } from '../load/event-producer';
import { measureBroadcast } from '../references/ws-broadcast';
import { RATIO_GOALS, TARGETS } from '../targets';

const STREAM = 'chat.events';
/** Typical chat message: the event on the wire is ~250 bytes, like the reference's message. */
const TEXT_LENGTH = 60;
/** The first step offers this multiple of the bare-ws reference's messages/s (the many-keys goal); each step doubles it. */
const FIRST_OFFER_OVER_REFERENCE = 4;
const MAX_STEPS = 6;
/** A step that delivers less than this share of its offer is saturated: the gateway is the limit. */
const SATURATED = 0.9;
/**
 * A saturated gateway falls behind, fetches bigger batches and packs more messages per frame, so
 * it can deliver more when offered more: the offer keeps doubling until a saturated step
 * delivers less than this multiple of the step before (the plateau).
 */
const STILL_GROWING = 1.1;
/** Ends each measurement window this early, so that snapshot round trips never reach into the next step. */
const STEP_SLACK_MS = 100;
const SPARE_FILES = 200;
/** The shape the ratio goal judges: one key is the easy case (one frame serves every socket). */
const MANY_KEYS = 'many keys';

interface Shape {
  readonly name: string;
  readonly keys: number;
  readonly subscribersPerKey: number;
}

function subscriptionsReach(gateway: GatewayUnderTest, done: (held: number) => boolean, what: string): Promise<void> {
  return gatewayMetricReaches(gateway, 'eventline_gateway_subscriptions', done, what);
}

/** The gateway's event-loop delay since its last scrape, ms. */
async function eventLoopDelayMs(gateway: GatewayUnderTest): Promise<{ p99: number; max: number }> {
  const [p99, max] = await gatewayMetrics(gateway, ['nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_lag_max_seconds']);
  return { p99: (p99 as number) * 1000, max: (max as number) * 1000 };
}

interface OfferStep {
  readonly offeredPerSec: number;
  readonly producedPerSec: number;
  readonly messagesPerSec: number;
  readonly framesPerSec: number;
  readonly messagesPerFrame: number;
  /** Delivered messages over produced records × subscribers per key. */
  readonly deliveredShare: number;
  /**
   * The gateway's event-loop delay over the step (p99 and max, ms): what its other sockets'
   * traffic (acks, pings) waited behind the fan-out's turns.
   */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
}

async function measureShape(context: BenchContext, gateway: GatewayUnderTest, shape: Shape, parameters: { warmupMs: number; durationMs: number }, firstOfferPerSec: number) {
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
  const stepMs = parameters.warmupMs + parameters.durationMs;
  const recordsPerSec = Math.ceil(firstOfferPerSec / shape.subscribersPerKey);
  const producer = await startEventProducer(context, `producer-${shape.keys}`, {
    brokers: context.stack.kafkaBrokers,
    topic: `${topicPrefix(context)}${STREAM}`,
    rooms,
    recordsPerSec,
    stepMs,
    textLength: TEXT_LENGTH,
  });
  const { startedAt } = producer.info as EventProducerInfo;
  const closesBefore = await gatewayMetric(gateway, 'eventline_gateway_slow_socket_closes_total');
  const steps: OfferStep[] = [];
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const stepStart = startedAt + step * stepMs;
    const warmupMs = Math.max(0, stepStart + parameters.warmupMs - monotonicMs());
    const durationMs = stepStart + stepMs - STEP_SLACK_MS - (monotonicMs() + warmupMs);
    // prom-client restarts its event-loop delay histogram at each scrape: this one starts the step's.
    await gatewayMetric(gateway, 'nodejs_eventloop_lag_p99_seconds');
    const { rates } = await measureWindow([...clients, producer], warmupMs, durationMs);
    const eventLoopDelay = await eventLoopDelayMs(gateway);
    const messagesPerSec = rates.messages ?? 0;
    const producedPerSec = rates.produced ?? 0;
    const offered: OfferStep = {
      offeredPerSec: recordsPerSec * 2 ** step * shape.subscribersPerKey,
      producedPerSec,
      messagesPerSec,
      framesPerSec: rates.frames ?? 0,
      messagesPerFrame: messagesPerSec / Math.max(1, rates.frames ?? 0),
      deliveredShare: messagesPerSec / Math.max(1, producedPerSec * shape.subscribersPerKey),
      eventLoopDelayP99Ms: eventLoopDelay.p99,
      eventLoopDelayMaxMs: eventLoopDelay.max,
    };
    steps.push(offered);
    context.log(`${shape.name}: offered ${Math.round(offered.offeredPerSec).toLocaleString('en-US')}/s, delivered ${Math.round(messagesPerSec).toLocaleString('en-US')}/s`);
    const before = steps[steps.length - 2];
    if (offered.deliveredShare < SATURATED && before !== undefined && messagesPerSec < before.messagesPerSec * STILL_GROWING) break;
  }
  const slowCloses = (await gatewayMetric(gateway, 'eventline_gateway_slow_socket_closes_total')) - closesBefore;
  // Stopped now: the next shape needs the cores, the file descriptors and a gateway without these sockets.
  await Promise.all([producer, ...clients].map((load) => load.stop()));
  await subscriptionsReach(gateway, (held) => held === 0, 'the closed sockets to leave');
  const last = steps[steps.length - 1] as OfferStep;
  return {
    sockets,
    messagesPerSec: Math.max(...steps.map((step) => step.messagesPerSec)),
    saturated: last.deliveredShare < SATURATED,
    steps,
    slowCloses,
  };
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  summary: 'messages/s delivered to 10,000 sockets: one hot key, and many keys (reference: bare ws)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.fanout],
  budgetMs: 420_000,
  async run(context) {
    const wanted = context.scaled(10_000, 1_000);
    const sockets = Math.min(wanted, childFileLimit() - SPARE_FILES);
    const shapes: Shape[] = [
      { name: 'one key', keys: 1, subscribersPerKey: sockets },
      { name: MANY_KEYS, keys: Math.floor(sockets / 10), subscribersPerKey: 10 },
    ];
    const parameters = {
      sockets,
      shapes,
      stream: STREAM,
      event: `MessagePosted, ${TEXT_LENGTH}-character text`,
      offered: `${FIRST_OFFER_OVER_REFERENCE}× the reference's messages/s, doubled every step (at most ${MAX_STEPS}) until a step delivering less than ${SATURATED} of its offer delivers less than ${STILL_GROWING}× the step before`,
      warmupMs: context.scaled(3_000, 1_000),
      durationMs: context.scaled(10_000, 2_000),
    };
    // The reference first, on a machine without the gateway: it sets the first offer.
    context.log(`reference: bare ws, one message per frame, ${sockets.toLocaleString('en-US')} sockets`);
    const bare = await measureBroadcast(context, { sockets, messagesPerFrame: 1, warmupMs: parameters.warmupMs, durationMs: parameters.durationMs });
    const gateway = await startGatewayUnderTest(context, await benchAdmin(context, benchKafka(context)), 'websocket');
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);

    const results: Record<string, Awaited<ReturnType<typeof measureShape>>> = {};
    for (const shape of shapes) {
      context.log(`${shape.name}: ${shape.keys.toLocaleString('en-US')} key(s) × ${shape.subscribersPerKey.toLocaleString('en-US')} subscribers`);
      results[shape.name] = await measureShape(context, gateway, shape, parameters, bare.messagesPerSec * FIRST_OFFER_OVER_REFERENCE);
    }
    await gateway.process.stop();
    const figures: Figure[] = shapes.map((shape) => ({
      label: shape.name,
      value: results[shape.name]?.messagesPerSec ?? 0,
      unit: 'messages/s',
      reference: { label: 'bare ws 1/frame', value: bare.messagesPerSec, unit: 'messages/s' },
      target: TARGETS.fanout,
      goal: shape.name === MANY_KEYS ? RATIO_GOALS.fanout : undefined,
    }));
    return measured(figures, parameters, { shapes: results, bare });
  },
};
