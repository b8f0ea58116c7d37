/**
 * Users own their data (invariant 9), through the wire protocol with the real command handler
 * and projector: two customers (alice, bob) and a staff user, against the ownership rules of
 * the reference domains, for commands, REST reads and subscriptions alike; the token's key
 * restriction everywhere; and token lifetime on a live socket (expiry mid-stream, renewal).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ServerMessage } from '../../../gateway/protocol';
import { START_TIMEOUT_MS, TestClient, refusedUpgrade, type TestGateway } from './harness';
import { startLiveWorld, type LiveWorld } from './live-world';
import { createRooms, eventVersions, sendCommand, shortId, subscribe, until } from './live-support';

jest.setTimeout(120_000);

const ORDERS = 'orders.events';
const CHAT = 'chat.events';
const STORE_STATS = 'views.store_stats';

type Reply = ServerMessage & { code?: string; status?: string; reason?: string };

describe('ownership, through the wire', () => {
  let world: LiveWorld;
  let gw: TestGateway;
  const tokens: Record<'alice' | 'bob' | 'staff', string> = { alice: '', bob: '', staff: '' };
  const clients: TestClient[] = [];

  const open = async (token: string): Promise<TestClient> => {
    const client = await TestClient.open(`${gw.wsUrl}?token=${token}`);
    clients.push(client);
    return client;
  };
  /** Sends a command and resolves with its outcome, or with the error that refused it. */
  const command = async (client: TestClient, domain: string, name: string, key: string, data: unknown): Promise<Reply> => {
    const id = sendCommand(client, domain, name, key, data, { await: 'projected' });
    const first = (await client.next((message) => 'id' in message && message.id === id && (message.op === 'error' || message.op === 'outcome'))) as Reply;
    return first;
  };
  const get = async (path: string, token: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${gw.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json() };
  };
  const code = (reply: ServerMessage): string | undefined => (reply.op === 'error' ? reply.code : reply.op);

  beforeAll(async () => {
    world = await startLiveWorld('owners');
    gw = world.gateway;
    tokens.alice = await gw.token({ subject: 'alice', roles: [] });
    tokens.bob = await gw.token({ subject: 'bob', roles: [] });
    tokens.staff = await gw.token({ subject: 'clerk', roles: ['staff'] });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    for (const client of clients) client.close();
    await world?.close();
  }, START_TIMEOUT_MS);

  describe('orders belong to their customer', () => {
    const store = shortId('store');
    const order = shortId('order');
    const item = { storeId: store, items: [{ sku: 'tea', qty: 2, priceCents: 500 }], currency: 'EUR' };

    it('places an order for the caller when customerId is left out, and only staff for someone else', async () => {
      const [alice, staff] = [await open(tokens.alice), await open(tokens.staff)];
      expect(await command(alice, 'orders', 'PlaceOrder', order, item)).toMatchObject({ op: 'outcome', status: 'accepted' });
      expect(await get(`/api/orders/${order}`, tokens.alice)).toMatchObject({ status: 200, body: { customerId: 'alice' } });
      expect(await command(alice, 'orders', 'PlaceOrder', shortId('order'), { ...item, customerId: 'bob' })).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      const forBob = shortId('order');
      expect(await command(staff, 'orders', 'PlaceOrder', forBob, { ...item, customerId: 'bob' })).toMatchObject({ op: 'outcome', status: 'accepted' });
      expect(await get(`/api/orders/${forBob}`, tokens.bob)).toMatchObject({ status: 200, body: { customerId: 'bob' } });
    });

    it("refuses another customer's pay, cancel and read, saying the same as for a missing order", async () => {
      const bob = await open(tokens.bob);
      const notYours = { op: 'outcome', status: 'rejected', reason: 'order does not exist or is not yours' };
      expect(await command(bob, 'orders', 'PayOrder', order, { amountCents: 1000 })).toMatchObject(notYours);
      expect(await command(bob, 'orders', 'CancelOrder', order, { reason: 'mine now' })).toMatchObject(notYours);
      expect(await command(bob, 'orders', 'PayOrder', shortId('nothing'), { amountCents: 1000 })).toMatchObject(notYours);
      const refused = await get(`/api/orders/${order}`, tokens.bob);
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toBe(`orders "${order}" not found`);
      expect(await get(`/api/orders/${order}`, tokens.staff)).toMatchObject({ status: 200, body: { orderId: order } });
      expect(code(await subscribe(bob, ORDERS, order))).toBe('FORBIDDEN');
      expect(code(await subscribe(bob, ORDERS, shortId('nothing')))).toBe('FORBIDDEN');
    });

    it('lets the customer pay and follow the order, and only staff ship it', async () => {
      const [alice, staff] = [await open(tokens.alice), await open(tokens.staff)];
      expect(await subscribe(alice, ORDERS, order)).toMatchObject({ op: 'subscribed', version: 1 });
      expect(code(await subscribe(staff, ORDERS, order))).toBe('subscribed');
      expect(await command(alice, 'orders', 'PayOrder', order, { amountCents: 1000 })).toMatchObject({ op: 'outcome', status: 'accepted', version: 2 });
      expect(await command(alice, 'orders', 'ShipOrder', order, { carrier: 'DHL', trackingNumber: null })).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      expect(await command(staff, 'orders', 'ShipOrder', order, { carrier: 'DHL', trackingNumber: null })).toMatchObject({ op: 'outcome', status: 'accepted', version: 3 });
      await until(() => eventVersions(alice, ORDERS, order).length >= 2 && eventVersions(staff, ORDERS, order).length >= 2, 'both followers to see the payment and the shipment');
      expect(eventVersions(alice, ORDERS, order)).toEqual([2, 3]);
    });

    it('shows store figures to staff only', async () => {
      const [alice, staff] = [await open(tokens.alice), await open(tokens.staff)];
      expect(await get(`/api/stores/${store}/stats`, tokens.alice)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      expect(await get(`/api/views/store_stats/${store}`, tokens.alice)).toMatchObject({ status: 403 });
      expect(code(await subscribe(alice, STORE_STATS, store))).toBe('FORBIDDEN');
      expect(await get(`/api/stores/${store}/stats`, tokens.staff)).toMatchObject({ status: 200, body: { storeId: store, ordersPlaced: 1 } });
      expect(code(await subscribe(staff, STORE_STATS, store))).toBe('subscribed');
    });
  });

  describe('private rooms are for their members', () => {
    const secret = shortId('secret');
    const lobby = shortId('lobby');
    const post = (client: TestClient, room: string, text: string, messageId = randomUUID()) => command(client, 'chat', 'PostMessage', room, { messageId, text });

    it('keeps a private room to its creator until a member adds others', async () => {
      const [alice, bob] = [await open(tokens.alice), await open(tokens.bob)];
      await createRooms(alice, [secret], true);
      const notAdmitted = { op: 'outcome', status: 'rejected', reason: 'room does not exist or you are not a member' };
      expect(await post(bob, secret, 'let me in')).toMatchObject(notAdmitted);
      expect(await command(bob, 'chat', 'AddMember', secret, { userId: 'bob' })).toMatchObject(notAdmitted);
      expect(await get(`/api/chat/rooms/${secret}/messages`, tokens.bob)).toMatchObject({ status: 404 });
      expect(await get(`/api/chat/rooms/${secret}`, tokens.bob)).toMatchObject({ status: 404 });
      expect(code(await subscribe(bob, CHAT, secret))).toBe('FORBIDDEN');
      // Staff is no member either: membership is the rule in chat.
      expect(code(await subscribe(await open(tokens.staff), CHAT, secret))).toBe('FORBIDDEN');

      expect(await post(alice, secret, 'hello')).toMatchObject({ status: 'accepted' });
      expect(await command(alice, 'chat', 'AddMember', secret, { userId: 'bob' })).toMatchObject({ status: 'accepted' });
      expect(await subscribe(bob, CHAT, secret, 0)).toMatchObject({ op: 'subscribed', version: 0 });
      expect(await post(bob, secret, 'thanks')).toMatchObject({ status: 'accepted' });
      const page = await get(`/api/chat/rooms/${secret}/messages`, tokens.bob);
      expect(page.body.messages.map((message: { text: string }) => message.text)).toEqual(['hello', 'thanks']);
      await until(() => eventVersions(bob, CHAT, secret).length >= 4, "bob to follow the room's whole history");
      expect(eventVersions(bob, CHAT, secret)).toEqual([1, 2, 3, 4]);
    });

    it('lets only the author edit a message', async () => {
      const [alice, bob] = [await open(tokens.alice), await open(tokens.bob)];
      await createRooms(alice, [lobby]);
      const messageId = randomUUID();
      expect(await post(alice, lobby, 'original', messageId)).toMatchObject({ status: 'accepted' });
      expect(await command(bob, 'chat', 'EditMessage', lobby, { messageId, text: 'defaced' })).toMatchObject({ status: 'rejected', reason: 'only the author can edit a message' });
      expect(await command(alice, 'chat', 'EditMessage', lobby, { messageId, text: 'edited' })).toMatchObject({ status: 'accepted' });
      // A public room is open to every user with the scopes.
      expect(await post(bob, lobby, 'hi all')).toMatchObject({ status: 'accepted' });
      expect(code(await subscribe(bob, CHAT, lobby))).toBe('subscribed');
    });

    it("applies the token's key restriction to commands, reads and subscriptions alike", async () => {
      const restricted = await gw.token({ subject: 'bob', roles: [], allowedKeys: { [CHAT]: [lobby] } });
      const client = await open(restricted);
      expect(code(await subscribe(client, CHAT, lobby))).toBe('subscribed');
      expect(await post(client, lobby, 'allowed')).toMatchObject({ status: 'accepted' });
      const other = shortId('other');
      await createRooms(await open(tokens.alice), [other]);
      expect(code(await subscribe(client, CHAT, other))).toBe('FORBIDDEN');
      expect(await post(client, other, 'not here')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      expect(await get(`/api/chat/rooms/${other}/messages`, restricted)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      expect(await get(`/api/chat/rooms/${lobby}/messages`, restricted)).toMatchObject({ status: 200 });
    });
  });

  describe('token lifetime', () => {
    const secret = (): string => gw.runtime.config.jwtSecret as string;
    const unsigned = (claims: Record<string, unknown>) => new SignJWT({ scope: '*', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice');

    it('refuses a token without exp, and one that lives longer than JWT_MAX_TTL_SECONDS', async () => {
      const noExpiry = await unsigned({}).setIssuedAt().sign(new TextEncoder().encode(secret()));
      const forever = await unsigned({}).setIssuedAt().setExpirationTime('400d').sign(new TextEncoder().encode(secret()));
      expect(await refusedUpgrade(`${gw.wsUrl}?token=${noExpiry}`)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'token has no expiry (exp)' } } });
      expect(await refusedUpgrade(`${gw.wsUrl}?token=${forever}`)).toMatchObject({ status: 401, body: { error: { message: 'token lives longer than 86400 s (JWT_MAX_TTL_SECONDS)' } } });
      expect(await get('/api/orders/any', noExpiry)).toMatchObject({ status: 401 });
    });

    it('stops a socket at its expiry: TOKEN_EXPIRED, nothing more of its subscriptions, close 4001', async () => {
      const room = shortId('expiry');
      const writer = await open(tokens.alice);
      await createRooms(writer, [room]);
      const shortLived = await gw.token({ subject: 'bob', roles: [], expiresIn: '3s' });
      const follower = await open(shortLived);
      expect(code(await subscribe(follower, CHAT, room))).toBe('subscribed');
      let posting = true;
      const posts = (async () => {
        while (posting) {
          sendCommand(writer, 'chat', 'PostMessage', room, { messageId: randomUUID(), text: 'tick' });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const closed = await follower.closed;
      posting = false;
      await posts;
      expect(closed).toEqual({ code: 4001, reason: 'token expired' });
      const expired = follower.messages.findIndex((message) => message.op === 'error' && message.code === 'TOKEN_EXPIRED');
      expect(expired).toBeGreaterThan(0);
      expect(follower.messages[expired]).toMatchObject({ id: null });
      expect(eventVersions(follower, CHAT, room).length).toBeGreaterThan(0);
      expect(follower.messages.slice(expired + 1)).toEqual([]);
    });

    it('renews the token of a live socket with auth: same user only, and the socket outlives the old expiry', async () => {
      const room = shortId('renew');
      const writer = await open(tokens.alice);
      await createRooms(writer, [room]);
      const shortLived = await gw.token({ subject: 'bob', roles: [], expiresIn: '3s' });
      const follower = await open(shortLived);
      expect(code(await subscribe(follower, CHAT, room))).toBe('subscribed');
      follower.send({ op: 'auth', id: 'a1', token: tokens.alice });
      expect(await follower.reply('a1')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      const renewed = await gw.token({ subject: 'bob', roles: [], expiresIn: '1h' });
      follower.send({ op: 'auth', id: 'a2', token: renewed });
      const answer = (await follower.reply('a2')) as { op: string; exp: number };
      expect(answer.op).toBe('authenticated');
      expect(answer.exp).toBeGreaterThan(Date.now() / 1000 + 3000);
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(await command(writer, 'chat', 'PostMessage', room, { messageId: randomUUID(), text: 'still there?' })).toMatchObject({ status: 'accepted' });
      await until(() => eventVersions(follower, CHAT, room).length >= 1, 'the renewed socket to get the event');
      expect(follower.messages.some((message) => message.op === 'error' && message.code === 'TOKEN_EXPIRED')).toBe(false);
    });

    it('ends the subscriptions a renewed token no longer grants', async () => {
      const room = shortId('scoped');
      const writer = await open(tokens.alice);
      await createRooms(writer, [room]);
      const follower = await open(await gw.token({ subject: 'bob', roles: [] }));
      expect(code(await subscribe(follower, CHAT, room))).toBe('subscribed');
      follower.send({ op: 'auth', id: 'n1', token: await gw.token({ subject: 'bob', roles: [], scope: 'commands:chat' }) });
      expect(await follower.reply('n1')).toMatchObject({ op: 'authenticated' });
      expect(await follower.next((message) => message.op === 'unsubscribed')).toEqual({
        op: 'unsubscribed',
        id: null,
        stream: CHAT,
        key: room,
        code: 'FORBIDDEN',
        message: 'the renewed token does not grant this subscription',
      });
    });
  });
});
