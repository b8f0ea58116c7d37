/**
 * Slow readers: a socket that stops reading is closed 1013 on an event stream without
 * holding anyone else back, and gets conflated updates on a view stream. Records are produced
 * straight to the topics (as the command handler and projector write them), big enough that
 * the kernel's socket buffers fill and the gateway's own send buffer starts to grow.
 */
import type { Producer } from 'kafkajs';
import type WebSocket from 'ws';
import type { chat, orders } from '../../../schemas';
import { testKafka } from '../../support/kafka';
import { codec, START_TIMEOUT_MS, TestClient, type TestGateway } from './harness';
import { startLiveWorld, type LiveWorld } from './live-world';
import { eventVersions, range, seedRoom, shortId, streamMessages, subscribe, until } from './live-support';

jest.setTimeout(120_000);

const SEND_BUFFER_BYTES = 64 * 1024;
/** Several times what loopback TCP buffers hold (send buffer up to 4 MiB plus the receiver's window). */
const FLOOD_BYTES = 16 * 1024 * 1024;

/** Stops reading the socket: the gateway's writes back up (test only: ws keeps its net.Socket private). */
function pauseReading(client: TestClient): () => void {
  const raw = (client.socket as WebSocket & { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  return () => raw.resume();
}

async function metric(gateway: TestGateway, name: string): Promise<number> {
  const text = await (await fetch(`${gateway.opsUrl}/metrics`)).text();
  // Series carry the process's default labels: `name{service="gateway"} 3`.
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('slow sockets', () => {
  let world: LiveWorld;
  let gw: TestGateway;
  let producer: Producer;
  const open = async (): Promise<TestClient> => TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);

  beforeAll(async () => {
    world = await startLiveWorld('slow', { services: false, env: { WS_SEND_BUFFER_BYTES: String(SEND_BUFFER_BYTES) } });
    gw = world.gateway;
    producer = testKafka().producer({ idempotent: true });
    await producer.connect();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await producer?.disconnect();
    await world?.close();
  }, START_TIMEOUT_MS);

  it('closes a socket that stops reading an event stream with 1013, while the others get every event', async () => {
    const room = shortId('flood');
    const text = 'x'.repeat(4000);
    const count = Math.ceil(FLOOD_BYTES / text.length);
    const fast = await Promise.all(range(1, 3).map(() => open()));
    const slow = await open();
    // No projector runs here: the room's row is what lets anyone subscribe to it.
    await seedRoom(gw.runtime.orm!, room);
    for (const client of [...fast, slow]) await subscribe(client, 'chat.events', room);
    const resume = pauseReading(slow);

    const topic = gw.runtime.topics.domain('chat', 'events');
    for (let first = 1; first <= count; first += 100) {
      const messages = range(first, Math.min(count, first + 99)).map((version) => {
        const event: chat.MessagePosted = {
          aggregateId: room,
          version,
          commandId: `cmd-${version}`,
          userId: 'alice',
          occurredAt: new Date(),
          data: { messageId: `m-${version}`, seq: version, author: 'alice', text },
        };
        return { key: room, value: codec.encode('eventline.chat.MessagePosted', event) };
      });
      await producer.send({ topic, acks: -1, messages });
    }

    // While the slow socket is still not reading, everyone else has everything.
    await until(() => fast.every((client) => eventVersions(client, 'chat.events', room).length >= count), `the fast sockets to get ${count} events`);
    for (const client of fast) expect(eventVersions(client, 'chat.events', room)).toEqual(range(1, count));
    expect(await metric(gw, 'eventline_gateway_slow_socket_closes_total')).toBeGreaterThanOrEqual(1);

    resume();
    expect((await slow.closed).code).toBe(1013);
    // It got a prefix of the stream, in order: it resumes from the last version it has.
    const got = eventVersions(slow, 'chat.events', room);
    expect(got).toEqual(range(1, got.length));
    expect(got.length).toBeLessThan(count);
    for (const client of fast) client.close();
  });

  it('conflates a view for a socket that reads too slowly, and catches it up to the newest version once it reads again', async () => {
    const store = shortId('busy-store');
    const viewer = await open();
    await subscribe(viewer, 'views.store_stats', store);
    await viewer.next((message) => message.op === 'snapshot');
    const resume = pauseReading(viewer);

    // A long revenue window makes each row ~30 KB, so a few hundred versions fill the buffers.
    const minutes = Array.from({ length: 500 }, (_, index) => ({ minute: new Date(Date.UTC(2025, 0, 1, 0, index)), currency: 'EUR', grossCents: 1000 + index }));
    const row = (version: number): orders.StoreStats => ({
      storeId: store,
      version,
      ordersPlaced: version,
      ordersPaid: 0,
      ordersShipped: 0,
      ordersCancelled: 0,
      openOrders: version,
      revenueByCurrency: [],
      grossRevenueByMinute: minutes,
      updatedAt: new Date(),
    });
    const count = Math.ceil(FLOOD_BYTES / codec.encode('eventline.orders.StoreStats', row(1)).length / 2);
    const topic = gw.runtime.topics.view('store_stats');
    for (let first = 1; first <= count; first += 20) {
      const messages = range(first, Math.min(count, first + 19)).map((version) => ({ key: store, value: codec.encode('eventline.orders.StoreStats', row(version)) }));
      await producer.send({ topic, acks: -1, messages });
    }
    await until(async () => (await metric(gw, 'eventline_gateway_conflated_updates_total')) > 0, 'updates to be conflated');

    resume();
    await until(() => streamMessages(viewer, 'views.store_stats', store).at(-1)?.version === count, `the viewer to reach version ${count}`);
    const versions = streamMessages(viewer, 'views.store_stats', store).map((message) => message.version);
    expect(versions.every((version, index) => index === 0 || version > (versions[index - 1] as number))).toBe(true);
    expect(versions.length).toBeLessThan(count + 1);
    expect(viewer.socket.readyState).toBe(viewer.socket.OPEN);
    viewer.close();
  });
});
