/**
 * Invariant 7 over WebSocket: each kind of bad input gets its documented error or close
 * code, the gateway keeps serving other sockets, and nothing invalid reaches Kafka.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ErrorMessage } from '../../../gateway/protocol';
import { placeOrder, recordCount, refusedUpgrade, START_TIMEOUT_MS, startTestGateway, TestClient, type TestGateway } from './harness';

// Real broker round trips (consumer group joins, produce/consume) take seconds, not milliseconds.
jest.setTimeout(30_000);

describe('gateway WebSocket bad input', () => {
  let gw: TestGateway;
  let valid = 0;
  beforeAll(async () => {
    gw = await startTestGateway({ WS_RATE_PER_SEC: '20', WS_RATE_BURST: '10', WS_ALLOWED_ORIGINS: 'https://app.example' });
  }, START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  async function open(scope = '*'): Promise<TestClient> {
    return TestClient.open(`${gw.wsUrl}?token=${await gw.token({ scope })}`);
  }

  /** A valid command from a fresh socket is still acked. */
  async function stillServing(): Promise<void> {
    const other = await open();
    const command = placeOrder();
    other.send(command);
    expect(await other.reply(command.id as string)).toMatchObject({ op: 'ack', id: command.id });
    valid += 1;
    other.close();
  }

  it.each([
    ['malformed JSON', '{"op":"command",', null, /not valid JSON/],
    ['a JSON array', '[{"op":"ping","id":"a"}]', null, /JSON object/],
    ['a frame without id', '{"op":"ping"}', null, /"id"/],
    ['an unknown op', '{"op":"subscribe-all","id":"r-1"}', 'r-1', /unknown op "subscribe-all" \(ops: command, ping, auth, subscribe, unsubscribe\)/],
    ['a non-UUID command id', JSON.stringify(placeOrder({ id: 'cmd-1' })), 'cmd-1', /UUID/],
    ['a forged userId', JSON.stringify(placeOrder({ id: 'a0000000-0000-4000-8000-000000000001', userId: 'root' })), 'a0000000-0000-4000-8000-000000000001', /userId/],
  ])('answers %s with BAD_REQUEST', async (_case, frame, id, message) => {
    const client = await open();
    client.send(frame);
    const reply = await client.reply(id);
    expect(reply).toMatchObject({ op: 'error', id, code: 'BAD_REQUEST', details: [] });
    expect((reply as { message: string }).message).toMatch(message);
    client.close();
  });

  it('answers a binary frame with BAD_REQUEST', async () => {
    const client = await open();
    client.socket.send(Buffer.from('{"op":"ping","id":"b"}'), { binary: true });
    expect(await client.reply(null)).toMatchObject({ op: 'error', code: 'BAD_REQUEST', message: expect.stringMatching(/binary/) });
    client.close();
  });

  it.each([
    ['an unknown domain', { domain: 'billing' }, /unknown domain "billing" \(domains: orders, chat(, \w+)*\)/],
    ['an unknown command', { name: 'RefundOrder' }, /unknown command "RefundOrder" in domain orders/],
  ])('answers %s with NOT_FOUND', async (_case, overrides, message) => {
    const client = await open();
    const command = placeOrder(overrides);
    client.send(command);
    expect(await client.reply(command.id as string)).toMatchObject({ op: 'error', code: 'NOT_FOUND', message: expect.stringMatching(message) });
    client.close();
  });

  it('answers schema-invalid data with INVALID_COMMAND naming every bad field', async () => {
    const client = await open();
    const command = placeOrder({
      key: '',
      data: { storeId: 'store-7', customerId: 7, items: [{ sku: 'sku-1', qty: 0, priceCents: 100 }, { sku: 'sku-2', qty: 1 }], currency: 'EURO', coupon: 'FREE' },
    });
    client.send(command);
    const reply = (await client.reply(command.id as string)) as ErrorMessage;
    expect(reply.code).toBe('INVALID_COMMAND');
    expect(reply.details.map((issue) => issue.path).sort()).toEqual(
      ['data.coupon', 'data.currency', 'data.customerId', 'data.items.0.qty', 'data.items.1.priceCents', 'key'].sort(),
    );
    expect(reply.details.find((issue) => issue.path === 'data.items.0.qty')).toMatchObject({ expected: 'int >= 1' });
    client.close();
  });

  it('answers a command without the domain scope with FORBIDDEN, and a scoped one with an ack', async () => {
    const client = await open('commands:chat read:orders');
    const command = placeOrder();
    client.send(command);
    expect(await client.reply(command.id as string)).toMatchObject({ op: 'error', code: 'FORBIDDEN', message: expect.stringMatching(/commands:orders/) });
    const chat = { op: 'command', id: randomUUID(), domain: 'chat', name: 'CreateRoom', key: `room-${randomUUID().slice(0, 8)}`, data: { title: 'lobby' } };
    client.send(chat);
    expect(await client.reply(chat.id)).toMatchObject({ op: 'ack' });
    client.close();
    expect(await recordCount(gw.admin, gw.topic('chat', 'commands'))).toBe(1);
  });

  it('closes a socket that sends a 1 MiB frame with 1009, and serves others', async () => {
    const client = await open();
    client.send(placeOrder({ data: { storeId: 'x'.repeat(1024 * 1024) } }));
    expect((await client.closed).code).toBe(1009);
    await stillServing();
  });

  it('refuses a flood past the rate limit with RATE_LIMITED, keeping the connection', async () => {
    const client = await open();
    const ids = Array.from({ length: 40 }, (_, index) => `flood-${index}`);
    for (const id of ids) client.send({ op: 'ping', id });
    const replies = await Promise.all(ids.map((id) => client.reply(id)));
    const limited = replies.filter((reply) => reply.op === 'error');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ code: 'RATE_LIMITED' });
    expect(replies.filter((reply) => reply.op === 'pong').length).toBeGreaterThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, 500)); // refill
    client.send({ op: 'ping', id: 'after-flood' });
    expect(await client.reply('after-flood')).toEqual({ op: 'pong', id: 'after-flood' });
    client.close();
  });

  describe('upgrade', () => {
    it('refuses a missing token with HTTP 401 before any WebSocket exists', async () => {
      expect(await refusedUpgrade(gw.wsUrl)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/missing token/) } } });
    });

    it('refuses an expired token with 401', async () => {
      const expired = await gw.token({ expiresIn: '-10s' });
      expect(await refusedUpgrade(`${gw.wsUrl}?token=${expired}`)).toMatchObject({ status: 401, body: { error: { message: 'token expired' } } });
    });

    it('refuses a forged token with 401', async () => {
      const forged = await new SignJWT({ scope: '*' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-gateway-secret-but-32-bytes-long'));
      expect(await refusedUpgrade(`${gw.wsUrl}?token=${forged}`)).toMatchObject({ status: 401, body: { error: { message: 'token signature is invalid' } } });
      expect(await refusedUpgrade(`${gw.wsUrl}?token=not-a-jwt`)).toMatchObject({ status: 401 });
      expect(await refusedUpgrade(gw.wsUrl, { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).toMatchObject({ status: 401 });
    });

    it('refuses an origin outside the allow-list with 403, allows a listed one', async () => {
      const token = await gw.token();
      expect(await refusedUpgrade(`${gw.wsUrl}?token=${token}`, { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      const client = await TestClient.open(`${gw.wsUrl}?token=${token}`, { origin: 'https://app.example' });
      client.close();
    });

    it('refuses other upgrade paths with 404', async () => {
      expect(await refusedUpgrade(`${gw.httpUrl.replace('http', 'ws')}/sockets?token=${await gw.token()}`)).toMatchObject({ status: 404 });
    });
  });

  it('keeps serving after all of it, and nothing invalid reached Kafka', async () => {
    await stillServing();
    expect(await recordCount(gw.admin, gw.topic('orders', 'commands'))).toBe(valid);
  });
});
