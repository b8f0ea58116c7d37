/**
 * The client SDK against real gateways (real Kafka and PostgreSQL, the real command handler
 * and projector in-process): one gateway runs as a child process so that it can be SIGKILLed
 * and SIGSTOPped. What is checked is what a dashboard developer relies on: no gap and no
 * duplicate across a killed gateway — also for a subscription that had no event yet — a view
 * re-delivered when it changed, commands in flight decided once, a frozen gateway noticed by
 * the ping timeout, tokens renewed on the live socket, expiry and refusals visible as typed
 * errors, the per-user socket cap and the subscription limit retried, read-your-writes.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import {
  EventlineClient,
  PingTimeoutError,
  UpgradeRefusedError,
  type ClientOptions,
  type ConnectingEvent,
  type DisconnectedEvent,
  type EventlineSchema,
  type SnapshotInfo,
  type SubscribedInfo,
} from '../../../client';
import { signToken } from '../../../gateway/auth';
import { freePort } from '../../../infra/ports';
import { logged, spawnService, type ServiceProcess } from '../../support/services';
import { START_TIMEOUT_MS, type TestGateway } from '../gateway/harness';
import { range, shortId, until } from '../gateway/live-support';
import { startLiveWorld, type LiveWorld } from '../gateway/live-world';

jest.setTimeout(180_000);

type Client = EventlineClient<EventlineSchema>;

describe('client SDK against real gateways', () => {
  const secret = randomBytes(32).toString('hex');
  const clients: Client[] = [];
  let world: LiveWorld;
  /** In-process: the writer's gateway, up throughout. */
  let steady: TestGateway;
  /** A child process, on a fixed port so that a restart comes back at the same URL. */
  let child: ServiceProcess;
  let childPort: number;

  const token = (subject = 'sdk-user', expiresIn = '1h'): Promise<string> => signToken(secret, { subject, scope: '*', roles: ['staff'], expiresIn });

  const client = (url: string, options: Partial<ClientOptions> = {}): Client => {
    const created = new EventlineClient<EventlineSchema>({ url, WebSocket, reconnectInitialDelayMs: 50, reconnectMaxDelayMs: 500, ...options });
    clients.push(created);
    return created;
  };

  const startChild = async (): Promise<void> => {
    child = spawnService('gateway', {
      TOPIC_PREFIX: steady.runtime.topics.prefix,
      KAFKA_CLIENT_ID: steady.runtime.config.kafkaClientId,
      DATABASE_URL: world.db.url,
      TOPIC_PARTITIONS: '3',
      EVENTLINE_ENV: 'test',
      JWT_SECRET: secret,
      HOST: '127.0.0.1',
      PORT: String(childPort),
    });
    await logged(child, 'gateway ready', START_TIMEOUT_MS);
  };

  /** A writer on the steady gateway. */
  let writer: Client;
  const createRoom = async (roomId: string): Promise<void> => {
    const outcome = await writer.command({ domain: 'chat', name: 'CreateRoom', key: roomId, data: { title: roomId, private: false }, await: 'projected' });
    expect(outcome.status).toBe('accepted');
  };
  const post = (roomId: string, count: number): Promise<unknown[]> =>
    Promise.all(range(1, count).map((index) => writer.command({ domain: 'chat', name: 'PostMessage', key: roomId, data: { messageId: randomUUID(), text: `message ${index}` } })));

  beforeAll(async () => {
    world = await startLiveWorld('sdk', { env: { JWT_SECRET: secret } });
    steady = world.gateway;
    childPort = await freePort();
    await startChild();
    writer = client(steady.wsUrl, { token: await token('writer') });
    await writer.connect();
  }, 3 * START_TIMEOUT_MS);

  afterAll(async () => {
    for (const created of clients) created.close();
    await child?.kill('SIGKILL');
    await world?.close();
  }, START_TIMEOUT_MS);

  it('resumes across a SIGKILLed gateway with no gap or duplicate — also a subscription that had no event yet — re-delivers the view that changed, and decides a command in flight once', async () => {
    const roomId = shortId('room');
    const storeId = shortId('store');
    await createRoom(roomId);
    await writer.command({ domain: 'orders', name: 'PlaceOrder', key: shortId('order'), data: { storeId, customerId: 'c-1', items: [{ sku: 's', qty: 1, priceCents: 100 }], currency: 'EUR' }, await: 'projected' });

    const reader = client(`ws://127.0.0.1:${childPort}/ws`, { token: await token() });
    const subscribed: SubscribedInfo[] = [];
    const versions: number[] = [];
    const texts: string[] = [];
    const views: { version: number; placed: number; info: SnapshotInfo | undefined }[] = [];
    reader.subscribe('chat.events', roomId, {
      onSubscribed: (info) => void subscribed.push(info),
      onEvent: (event) => {
        versions.push(event.version);
        if (event.name === 'MessagePosted') texts.push(event.data.text);
      },
    });
    reader.subscribe('views.store_stats', storeId, {
      onSnapshot: ({ version, data }, info) => void views.push({ version, placed: data?.ordersPlaced ?? 0, info }),
      onEvent: ({ version, data }) => void views.push({ version, placed: data.ordersPlaced, info: undefined }),
    });
    await reader.connect();
    await until(() => subscribed.length === 1 && views.length === 1, 'both subscriptions live');
    // Subscribed before any message: it starts after RoomCreated (version 1) and has delivered nothing.
    expect(subscribed[0]).toEqual({ resumed: false, recovered: false, version: 1 });
    expect(versions).toEqual([]);
    expect(views[0]).toMatchObject({ placed: 1, info: { resumed: false } });

    const connecting: ConnectingEvent[] = [];
    reader.on('connecting', (event) => void connecting.push(event));
    await child.kill('SIGKILL');
    await until(() => connecting.length > 0, 'the drop noticed');
    expect(connecting[0]).toMatchObject({ code: 1006, attempt: 1 });

    // While the reader is cut off: ten posts and an order through the steady gateway, and one post of the reader's own, waiting in it.
    const own = reader.command({ domain: 'chat', name: 'PostMessage', key: roomId, data: { messageId: randomUUID(), text: 'sent while down' } });
    await post(roomId, 10);
    await writer.command({ domain: 'orders', name: 'PlaceOrder', key: shortId('order'), data: { storeId, customerId: 'c-1', items: [{ sku: 's', qty: 2, priceCents: 100 }], currency: 'EUR' }, await: 'projected' });

    await startChild();
    const decided = await own;
    expect(decided.status).toBe('accepted');
    await until(() => versions.length >= 11, `11 chat events (got ${versions.join(', ')})`);
    expect(subscribed[1]).toEqual({ resumed: true, recovered: true, version: 1 });
    expect(versions).toEqual(range(2, 12));
    await until(() => views.some(({ placed }) => placed === 2), 'the view with the second order');
    expect(views[1]).toMatchObject({ placed: 2, info: { resumed: true } });
    expect(views[1]!.version).toBeGreaterThan(views[0]!.version);
    // Decided once: one MessagePosted of it among the eleven posts, at the version its outcome names.
    expect(texts.filter((text) => text === 'sent while down')).toHaveLength(1);
    expect(texts).toHaveLength(11);
    expect(decided).toMatchObject({ status: 'accepted', version: expect.any(Number) });
    expect(versions).toContain((decided as { version: number }).version);
  });

  it('notices a frozen gateway (SIGSTOP) by its ping timeout, and resumes without a gap once it thaws', async () => {
    const roomId = shortId('room');
    await createRoom(roomId);
    const reader = client(`ws://127.0.0.1:${childPort}/ws`, { token: await token(), pingIntervalMs: 1_000, pongTimeoutMs: 500, connectTimeoutMs: 1_000 });
    const versions: number[] = [];
    const errors: unknown[] = [];
    reader.on('error', (error) => void errors.push(error));
    const connected: boolean[] = [];
    reader.on('connected', ({ reconnected }) => void connected.push(reconnected));
    reader.subscribe('chat.events', roomId, { onEvent: ({ version }) => void versions.push(version) });
    await reader.connect();
    await post(roomId, 2);
    await until(() => versions.length === 2, 'two events before the freeze');

    const before = errors.length;
    const connectedBefore = connected.length;
    child.child.kill('SIGSTOP');
    try {
      await until(() => errors.slice(before).some((error) => error instanceof PingTimeoutError), 'the ping timeout');
      expect(reader.state).toBe('connecting');
      await post(roomId, 3);
    } finally {
      child.child.kill('SIGCONT');
    }
    await until(() => versions.length >= 5, `five events (got ${versions.join(', ')})`);
    expect(versions).toEqual(range(2, 6));
    expect(connected.slice(connectedBefore)).toEqual([true]);
  });

  it('renews a short-lived token on the live socket before it expires, keeping the connection and the subscription', async () => {
    const roomId = shortId('room');
    await createRoom(roomId);
    const getToken = jest.fn(() => token('sdk-user', '4s'));
    const reader = client(steady.wsUrl, { token: await token('sdk-user', '4s'), getToken });
    const renewed: number[] = [];
    const drops: ConnectingEvent[] = [];
    const versions: number[] = [];
    reader.on('renewed', ({ exp }) => void renewed.push(exp));
    reader.on('connecting', (event) => void (event.attempt > 0 && drops.push(event)));
    reader.subscribe('chat.events', roomId, { onEvent: ({ version }) => void versions.push(version) });
    await reader.connect();
    // Two lifetimes of the first token (renewed half-way through each): without renewal the gateway would have closed it 4001.
    for (const renewal of [1, 2, 3, 4]) {
      await until(() => renewed.length >= renewal, `renewal ${renewal}`, 30_000);
      await post(roomId, 1);
    }
    await until(() => versions.length === 4, 'four events');
    expect(versions).toEqual([2, 3, 4, 5]);
    expect(drops).toEqual([]);
    expect(reader.state).toBe('connected');
    expect(renewed).toEqual([...renewed].sort());
  });

  it('stops at an expired token without getToken (TOKEN_EXPIRED, 4001), and resumes after setToken + connect()', async () => {
    const roomId = shortId('room');
    await createRoom(roomId);
    const reader = client(steady.wsUrl, { token: await token('sdk-user', '2s') });
    const versions: number[] = [];
    const disconnected: DisconnectedEvent[] = [];
    reader.on('disconnected', (event) => void disconnected.push(event));
    reader.subscribe('chat.events', roomId, { onEvent: ({ version }) => void versions.push(version) });
    await reader.connect();
    await until(() => disconnected.length === 1, 'the expiry', 30_000);
    expect(disconnected[0]).toMatchObject({ code: 4001, error: { code: 'TOKEN_EXPIRED' } });
    await post(roomId, 2);
    reader.setToken(await token());
    await reader.connect();
    await until(() => versions.length === 2, 'the posts made while it was stopped');
    expect(versions).toEqual([2, 3]);
  });

  it('shows a refused token as a typed 401: connect() rejects without getToken, and getToken is asked again with it', async () => {
    const forged = await signToken(randomBytes(32).toString('hex'), { subject: 'sdk-user', scope: '*' });
    const refused = await client(steady.wsUrl, { token: forged })
      .connect()
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpgradeRefusedError);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

    const errors: unknown[] = [];
    const renewing = client(steady.wsUrl, { token: forged, getToken: () => token() });
    renewing.on('error', (error) => void errors.push(error));
    await renewing.connect();
    expect(errors).toEqual([expect.objectContaining({ status: 401, code: 'UNAUTHORIZED' })]);
  });

  it('waits out the per-user socket cap (429 RATE_LIMITED, Retry-After) and retries a subscription over the limit', async () => {
    const capped = await world.startGateway({ WS_MAX_CONNECTIONS_PER_USER: '1', WS_MAX_SUBSCRIPTIONS: '2' });
    const user = shortId('capped-user');
    const first = client(capped.wsUrl, { token: await token(user) });
    await first.connect();
    const second = client(capped.wsUrl, { token: await token(user) });
    const refusals: ConnectingEvent[] = [];
    second.on('connecting', (event) => void (event.error !== undefined && refusals.push(event)));
    const connected = second.connect();
    await until(() => refusals.length === 1, 'the refusal');
    expect(refusals[0]!.error).toMatchObject({ name: 'UpgradeRefusedError', status: 429, code: 'RATE_LIMITED', retryAfterMs: 5_000 });
    expect(refusals[0]!.delayMs).toBeGreaterThanOrEqual(5_000);
    first.close();
    await connected;

    const rooms = [shortId('room'), shortId('room'), shortId('room')];
    for (const roomId of rooms) await createRoom(roomId);
    const states: string[][] = rooms.map(() => []);
    const subscriptions = rooms.map((roomId, index) =>
      second.subscribe('chat.events', roomId, {
        onSubscribing: ({ error }) => void states[index]!.push(`subscribing ${error?.code ?? ''}`.trim()),
        onSubscribed: () => void states[index]!.push('subscribed'),
      }),
    );
    await until(() => states[2]!.includes('subscribing RATE_LIMITED') && subscriptions[1]!.state === 'subscribed' && subscriptions[0]!.state === 'subscribed', 'two live, the third refused');
    expect(subscriptions[2]!.state).toBe('subscribing');
    subscriptions[0]!.unsubscribe();
    await until(() => subscriptions[2]!.state === 'subscribed', 'the third retried into the freed place');
    expect(states[2]).toContain('subscribed');
  });

  it("reads its own writes after `await: 'projected'`", async () => {
    const bearer = { authorization: `Bearer ${await token()}` };
    for (const orderId of range(1, 5).map(() => shortId('order'))) {
      const outcome = await writer.command({
        domain: 'orders',
        name: 'PlaceOrder',
        key: orderId,
        data: { storeId: 'store-ryw', customerId: 'c-1', items: [{ sku: 's', qty: 1, priceCents: 100 }], currency: 'EUR' },
        await: 'projected',
      });
      const paid = await writer.command({ domain: 'orders', name: 'PayOrder', key: orderId, data: { amountCents: 100 }, await: 'projected' });
      expect([outcome.status, paid.status]).toEqual(['accepted', 'accepted']);
      const read = await fetch(`${steady.httpUrl}/api/orders/${orderId}`, { headers: bearer });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ status: 'PAID', version: paid.status === 'accepted' ? paid.version : -1 });
    }
  });

  it('runs the example of docs/client.md as written (the built package, installed by link)', async () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const docs = fs.readFileSync(path.join(root, 'docs', 'client.md'), 'utf8');
    const example = /<!-- example: follow-room\.mjs -->\n```js\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-example-'));
    try {
      fs.mkdirSync(path.join(project, 'node_modules', '@eventline'), { recursive: true });
      fs.symlinkSync(path.join(root, 'client'), path.join(project, 'node_modules', '@eventline', 'client'));
      fs.symlinkSync(path.join(root, 'node_modules', 'ws'), path.join(project, 'node_modules', 'ws'));
      fs.writeFileSync(path.join(project, 'follow-room.mjs'), example as string);
      const { stdout } = await promisify(execFile)(process.execPath, ['follow-room.mjs'], {
        cwd: project,
        env: { ...process.env, EVENTLINE_URL: steady.wsUrl, EVENTLINE_TOKEN: await token() },
        timeout: 60_000,
      });
      expect(stdout).toContain('CreateRoom accepted');
      expect(stdout).toMatch(/subscribed after version 1 \(resumed: false, recovered: false\)/);
      expect(stdout).toContain('#1 sdk-user: hello');
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
