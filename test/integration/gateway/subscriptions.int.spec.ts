/**
 * Live subscriptions end to end, with the real command handler and projector in-process:
 * fan-out by stream + key, snapshots and history without gap or duplicate (invariant 6),
 * resuming with fromVersion, authorization down to the key, limits, read-your-writes, and
 * two gateway instances side by side.
 */
import type { EventMessage, ServerMessage } from '../../../gateway/protocol';
import { START_TIMEOUT_MS, TestClient, type TestGateway } from './harness';
import { startLiveWorld, type LiveWorld } from './live-world';
import {
  acked,
  createRooms,
  eventVersions,
  outcomeOf,
  placeOrderData,
  range,
  sendCommand,
  shortId,
  streamMessages,
  subscribe,
  until,
} from './live-support';

jest.setTimeout(120_000);

const CHAT = 'chat.events';
const STORE_STATS = 'views.store_stats';

describe('live subscriptions', () => {
  let world: LiveWorld;
  let gw: TestGateway;
  const open = async (gateway: TestGateway = gw, token?: string): Promise<TestClient> => TestClient.open(`${gateway.wsUrl}?token=${token ?? (await gateway.token())}`);

  beforeAll(async () => {
    world = await startLiveWorld('live', { env: { WS_MAX_SUBSCRIPTIONS: '3' } });
    gw = world.gateway;
  }, START_TIMEOUT_MS);
  afterAll(() => world?.close(), START_TIMEOUT_MS);

  /** Posts `count` messages to `roomId` from `writer` (the room must exist or be created in the same flow); returns the command ids. */
  const post = (writer: TestClient, roomId: string, count: number, first = 1): string[] =>
    range(first, first + count - 1).map((index) => sendCommand(writer, 'chat', 'PostMessage', roomId, { messageId: `m-${index}`, text: `message ${index}` }));

  it('fans each room out to its own subscribers only, in version order, exactly once, also to those who join mid-stream', async () => {
    const hot = shortId('hot');
    const rooms = range(1, 50).map((index) => shortId(`room${index}`));
    const writer = await open();
    await createRooms(writer, [hot, ...rooms]);
    const hotEarly = await Promise.all(range(1, 25).map(() => open()));
    const others = await Promise.all(rooms.map(() => open()));
    // Without fromVersion a subscription starts after the room's latest version (1, RoomCreated), which `subscribed` says.
    for (const reply of await Promise.all(hotEarly.map((client) => subscribe(client, CHAT, hot)))) expect(reply).toMatchObject({ op: 'subscribed', version: 1 });
    await Promise.all(others.map((client, index) => subscribe(client, CHAT, rooms[index] as string, 0)));

    const ids: string[] = [];
    ids.push(...post(writer, hot, 60));
    for (const roomId of rooms) ids.push(...post(writer, roomId, 2));
    await acked(writer, ids.slice(0, 60));
    // Half-way: these start from the history (fromVersion 0) while commands keep flowing.
    const hotLate = await Promise.all(range(1, 25).map(() => open()));
    await Promise.all(hotLate.map((client) => subscribe(client, CHAT, hot, 0)));
    ids.push(...post(writer, hot, 60, 61));
    for (const roomId of rooms) ids.push(...post(writer, roomId, 2, 3));
    await acked(writer, ids);

    const hotSubscribers = [...hotEarly, ...hotLate];
    await until(() => hotEarly.every((client) => eventVersions(client, CHAT, hot).length >= 120), 'every early hot-room subscriber to get 120 events');
    await until(() => hotLate.every((client) => eventVersions(client, CHAT, hot).length >= 121), 'every late hot-room subscriber to get 121 events');
    await until(() => others.every((client, index) => eventVersions(client, CHAT, rooms[index] as string).length >= 5), 'every other subscriber to get 5 events');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate or a stray key would show up by now
    for (const client of hotEarly) expect(eventVersions(client, CHAT, hot)).toEqual(range(2, 121));
    for (const client of hotLate) {
      expect(eventVersions(client, CHAT, hot)).toEqual(range(1, 121));
      expect(client.messages.filter((message) => message.op === 'event' && message.key !== hot)).toEqual([]);
      const events = streamMessages(client, CHAT, hot) as EventMessage[];
      expect(events[0]).toMatchObject({ op: 'event', name: 'RoomCreated', data: { title: hot, createdBy: 'user-1' } });
      expect(events[120]).toMatchObject({ name: 'MessagePosted', data: { messageId: 'm-120', text: 'message 120', seq: 120, author: 'user-1' } });
      expect(Number.isNaN(Date.parse(events[1]!.ts))).toBe(false);
    }
    for (const [index, client] of others.entries()) {
      expect(eventVersions(client, CHAT, rooms[index] as string)).toEqual(range(1, 5));
      expect(client.messages.filter((message) => message.op === 'event' && message.key !== rooms[index])).toEqual([]);
    }
    for (const client of [...hotSubscribers, ...others, writer]) client.close();
  });

  it('gives a view subscriber joining mid-stream a snapshot, then strictly newer versions, ending at the read model', async () => {
    const store = shortId('store');
    const writer = await open();
    // Awaiting projection also proves each outcome comes only after the read models applied it.
    const place = (count: number): string[] =>
      range(1, count).map(() => sendCommand(writer, 'orders', 'PlaceOrder', shortId('order'), placeOrderData(store), { await: 'projected' }));
    const first = place(30);
    await acked(writer, first.slice(0, 10));
    const viewer = await open();
    expect(await subscribe(viewer, STORE_STATS, store)).toMatchObject({ op: 'subscribed', stream: STORE_STATS, key: store });
    const ids = [...first, ...place(30)];
    for (const id of ids) expect(await outcomeOf(writer, id)).toMatchObject({ status: 'accepted' });

    const response = await fetch(`${gw.httpUrl}/api/views/store_stats/${store}`, { headers: { authorization: `Bearer ${await gw.token()}` } });
    const row = (await response.json()) as { version: number; ordersPlaced: number };
    expect(row).toMatchObject({ version: 60, ordersPlaced: 60 });
    await until(() => streamMessages(viewer, STORE_STATS, store).at(-1)?.version === row.version, `the viewer to reach version ${row.version}`);
    const received = streamMessages(viewer, STORE_STATS, store);
    expect(received[0]?.op).toBe('snapshot');
    expect(received.slice(1).every((message) => message.op === 'event' && message.name === 'StoreStats')).toBe(true);
    const versions = received.map((message) => message.version);
    expect(versions.every((version, index) => index === 0 || version > (versions[index - 1] as number))).toBe(true);
    const { version, ...data } = row;
    expect(received.at(-1)?.data).toEqual(data);
    viewer.close();
    writer.close();
  });

  it('answers a view key with no row yet with version 0 and null data', async () => {
    const viewer = await open();
    const store = shortId('empty-store');
    await subscribe(viewer, STORE_STATS, store);
    expect(await viewer.next((message) => message.op === 'snapshot')).toEqual({ op: 'snapshot', stream: STORE_STATS, key: store, version: 0, data: null });
    viewer.close();
  });

  it('resumes with fromVersion after a reconnect without gap or duplicate', async () => {
    const room = shortId('resume');
    const writer = await open();
    await createRooms(writer, [room]);
    const ids = post(writer, room, 40);
    const first = await open();
    await subscribe(first, CHAT, room, 0);
    await until(() => eventVersions(first, CHAT, room).length >= 15, 'the first connection to get 15 events');
    first.socket.terminate();
    const had = eventVersions(first, CHAT, room);
    ids.push(...post(writer, room, 40, 41));
    const second = await open();
    await subscribe(second, CHAT, room, had.at(-1));
    await acked(writer, ids);
    await until(() => had.length + eventVersions(second, CHAT, room).length >= 81, 'both connections together to get 81 events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...had, ...eventVersions(second, CHAT, room)]).toEqual(range(1, 81));
    second.close();
    writer.close();
  });

  it('authorizes down to the key, and refuses unknown streams, bad frames, duplicates and too many subscriptions', async () => {
    const limited = await open(gw, await gw.token({ scope: `subscribe:${STORE_STATS}`, allowedKeys: { [STORE_STATS]: ['store-7', 'store-9'] } }));
    const code = (reply: ServerMessage): string | undefined => (reply.op === 'error' ? reply.code : reply.op);
    expect(code(await subscribe(limited, STORE_STATS, 'store-8'))).toBe('FORBIDDEN');
    expect(code(await subscribe(limited, STORE_STATS, 'store-7'))).toBe('subscribed');
    expect(code(await subscribe(limited, CHAT, 'room-1'))).toBe('FORBIDDEN');
    limited.close();

    const client = await open();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((key) => shortId(key)) as [string, string, string, string];
    await createRooms(client, [a, b, c, d]);
    // A room that does not exist is refused like one the caller may not see (ownership.int.spec.ts has the rest).
    expect(code(await subscribe(client, CHAT, shortId('nowhere')))).toBe('FORBIDDEN');
    expect(code(await subscribe(client, 'views.nope', 'k'))).toBe('NOT_FOUND');
    const bad = async (frame: Record<string, unknown>): Promise<string | undefined> => {
      client.send({ op: 'subscribe', id: 'bad', ...frame });
      const reply = await client.reply('bad');
      client.messages.splice(client.messages.indexOf(reply), 1);
      return code(reply);
    };
    expect(await bad({ stream: CHAT })).toBe('BAD_REQUEST');
    expect(await bad({ stream: CHAT, key: 'room-1', fromVersion: -1 })).toBe('BAD_REQUEST');
    expect(await bad({ stream: CHAT, key: 'room-1', fromVersion: '3' })).toBe('BAD_REQUEST');
    expect(await bad({ stream: CHAT, key: 'room-1', fromversion: 3 })).toBe('BAD_REQUEST');
    expect(await bad({ stream: STORE_STATS, key: 'store-1', fromVersion: 3 })).toBe('BAD_REQUEST');

    // WS_MAX_SUBSCRIPTIONS is 3 here.
    for (const key of [a, b, c]) expect(code(await subscribe(client, CHAT, key))).toBe('subscribed');
    expect(code(await subscribe(client, CHAT, a))).toBe('BAD_REQUEST');
    expect(code(await subscribe(client, CHAT, d))).toBe('RATE_LIMITED');
    client.send({ op: 'unsubscribe', id: 'u1', stream: CHAT, key: b });
    expect(await client.reply('u1')).toEqual({ op: 'unsubscribed', id: 'u1', stream: CHAT, key: b });
    expect(code(await subscribe(client, CHAT, d))).toBe('subscribed');
    client.close();
  });

  it('reads your writes: with wait=projected the row is there as soon as the outcome is', async () => {
    const token = await gw.token();
    const command = async (name: string, key: string, data: unknown, wait: string): Promise<Response> =>
      fetch(`${gw.httpUrl}/api/commands/orders/${name}?wait=${wait}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: crypto.randomUUID(), key, data }),
      });
    const orderId = shortId('order');
    const placed = await command('PlaceOrder', orderId, placeOrderData('store-ryw'), 'projected');
    expect(placed.status).toBe(200);
    expect(await placed.json()).toMatchObject({ op: 'outcome', status: 'accepted', version: 1 });
    const read = await fetch(`${gw.httpUrl}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ orderId, status: 'PLACED', version: 1 });

    const rejected = await command('PayOrder', shortId('no-order'), { amountCents: 100 }, 'projected');
    expect(await rejected.json()).toMatchObject({ status: 'rejected', reason: 'order does not exist' });
    expect((await command('PayOrder', orderId, { amountCents: 100 }, 'later')).status).toBe(400);

    const client = await open();
    const id = sendCommand(client, 'orders', 'PayOrder', orderId, { amountCents: 2500 }, { await: 'projected' });
    expect(await outcomeOf(client, id)).toMatchObject({ status: 'accepted', version: 2 });
    const paid = await fetch(`${gw.httpUrl}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await paid.json()).toMatchObject({ status: 'PAID', version: 2 });
    client.close();
  });

  it('serves each gateway instance its own sockets', async () => {
    const other = await world.startGateway();
    const room = shortId('two');
    const writer = await open(other);
    await createRooms(writer, [room]);
    const onFirst = await open(gw);
    const onSecond = await open(other);
    await subscribe(onFirst, CHAT, room, 0);
    await subscribe(onSecond, CHAT, room, 0);
    const ids = post(writer, room, 10);
    for (const id of ids) expect(await outcomeOf(writer, id)).toMatchObject({ status: 'accepted' });
    await until(() => eventVersions(onFirst, CHAT, room).length >= 11 && eventVersions(onSecond, CHAT, room).length >= 11, 'both instances to deliver 11 events');
    expect(eventVersions(onFirst, CHAT, room)).toEqual(range(1, 11));
    expect(eventVersions(onSecond, CHAT, room)).toEqual(range(1, 11));
    // Outcomes stay with the instance (and socket) that took the command.
    expect(onFirst.messages.filter((message) => message.op === 'outcome')).toEqual([]);
    for (const client of [onFirst, onSecond, writer]) client.close();
  }, START_TIMEOUT_MS);
});
