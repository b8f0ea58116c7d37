/**
 * One command, one trace: with the SDK's in-memory exporter, a PlaceOrder sent over WebSocket
 * with a client `traceparent` is followed through the real gateway, Kafka, command handler,
 * projector and fan-out (in-process, real Kafka and PostgreSQL): every stage's span is in the
 * client's trace, each one's parent is in it too, and the view change reaches each subscriber
 * socket as its own delivery span.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../../platform/tracing';
import { START_TIMEOUT_MS, TestClient } from '../gateway/harness';
import { outcomeOf, placeOrderData, sendCommand, shortId, streamMessages, subscribe, until } from '../gateway/live-support';
import { startLiveWorld, type LiveWorld } from '../gateway/live-world';

jest.setTimeout(120_000);

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';
const STORE_STATS = 'views.store_stats';

describe('a traced command', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let world: LiveWorld;

  beforeAll(async () => {
    tracing = startTracing('test', {}, [new SimpleSpanProcessor(exporter)])!;
    world = await startLiveWorld('trace');
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await world?.close();
    await tracing?.shutdown();
  }, START_TIMEOUT_MS);

  it('yields one connected trace from the client through Kafka to every subscriber socket', async () => {
    const gw = world.gateway;
    const open = async (): Promise<TestClient> => TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);
    const store = shortId('store');
    const [writer, viewerA, viewerB] = await Promise.all([open(), open(), open()]);
    await subscribe(viewerA, STORE_STATS, store);
    await subscribe(viewerB, STORE_STATS, store);

    const id = sendCommand(writer, 'orders', 'PlaceOrder', shortId('order'), placeOrderData(store), { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
    expect(await outcomeOf(writer, id)).toMatchObject({ op: 'outcome', status: 'accepted' });
    for (const viewer of [viewerA, viewerB]) await until(() => streamMessages(viewer, STORE_STATS, store).some((message) => message.op === 'event'), 'the view change to reach the subscriber');

    const inTrace = (): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === CLIENT_TRACE);
    const names = (): string[] => inTrace().map((span) => span.name);
    const prefix = world.gateway.runtime.topics.domain('orders', 'events').replace(/orders\.events$/, '');
    const expected = [
      'command orders.PlaceOrder',
      `send ${prefix}orders.commands`,
      `process ${prefix}orders.commands`,
      `process ${prefix}orders.events`,
      `process ${prefix}orders.outcomes`,
      `deliver ${prefix}orders.outcomes`,
      `process ${prefix}${STORE_STATS}`,
      `deliver ${STORE_STATS}`,
      `deliver ${STORE_STATS}`,
    ];
    await until(() => expected.every((name) => names().filter((found) => found === name).length >= expected.filter((wanted) => wanted === name).length), `spans ${expected.join(', ')}; got ${names().join(', ')}`);

    const spans = inTrace();
    const ids = new Set(spans.map((span) => span.spanContext().spanId));
    const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
    // Connected: the gateway's span continues the client's, every other span's parent is in the trace.
    expect(spans.filter((span) => !ids.has(parentOf(span) ?? '')).map((span) => [span.name, parentOf(span)])).toEqual([['command orders.PlaceOrder', CLIENT_SPAN]]);
    const one = (name: string): ReadableSpan => spans.find((span) => span.name === name)!;
    const chain = [`deliver ${STORE_STATS}`, `process ${prefix}${STORE_STATS}`, `process ${prefix}orders.events`, `process ${prefix}orders.commands`, `send ${prefix}orders.commands`, 'command orders.PlaceOrder'];
    for (let stage = 0; stage + 1 < chain.length; stage += 1) {
      expect({ span: chain[stage], parent: spans.find((span) => span.spanContext().spanId === parentOf(one(chain[stage]!)))?.name }).toEqual({ span: chain[stage], parent: chain[stage + 1] });
    }
    expect(one(`process ${prefix}orders.commands`).attributes).toMatchObject({ 'messaging.system': 'kafka', 'eventline.command.status': 'ACCEPTED', 'messaging.message.id': id });
  });
});
