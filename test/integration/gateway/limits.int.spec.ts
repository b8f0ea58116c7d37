/**
 * Work is bounded before it is spent (invariant 10): hostile requests each get a small error
 * reply quickly while other sockets are served, and every limit refuses with its typed error —
 * frames and bytes per socket (before parsing), sockets per user and in all, HTTP requests per
 * user. Nothing that was refused reaches Kafka.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorMessage } from '../../../gateway/protocol';
import { recordCount, refusedUpgrade, START_TIMEOUT_MS, startTestGateway, TestClient, type TestGateway } from './harness';

jest.setTimeout(60_000);

/** An error reply "is never larger than a few KiB whatever the input". */
const SMALL_REPLY_BYTES = 16 * 1024;

/** A `command` frame whose data is `data`, as JSON text just under the 64 KiB frame limit when `data` is built so. */
function commandText(data: unknown, key = `order-${randomUUID().slice(0, 8)}`): { id: string; text: string } {
  const id = randomUUID();
  return { id, text: JSON.stringify({ op: 'command', id, domain: 'orders', name: 'PlaceOrder', key, data }) };
}

describe('hostile input gets small, quick answers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  }, START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  const open = async (): Promise<TestClient> => TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);
  /** Sends raw text and resolves with the reply to `id` and its size on the wire. */
  const exchange = async (client: TestClient, id: string | null, text: string): Promise<{ reply: ErrorMessage; bytes: number }> => {
    const sizes: number[] = [];
    const onMessage = (data: Buffer): number => sizes.push(data.length);
    client.socket.on('message', onMessage);
    client.send(text);
    const reply = (await client.reply(id)) as ErrorMessage;
    client.socket.off('message', onMessage);
    return { reply, bytes: Math.max(...sizes) };
  };

  it('answers a 21,000-line order with one issue, and thousands of unknown fields with 20 and their count', async () => {
    const client = await open();
    const lines = commandText({ storeId: 's', items: Array.from({ length: 21_000 }, () => ({})), currency: 'EUR' });
    expect(lines.text.length).toBeGreaterThan(60_000);
    const refusedLines = await exchange(client, lines.id, lines.text);
    expect(refusedLines.reply).toMatchObject({ code: 'INVALID_COMMAND', details: [{ path: 'data.items', expected: 'array of record OrderLine (1..100 items)' }] });
    expect(refusedLines.bytes).toBeLessThan(SMALL_REPLY_BYTES);

    const fields = commandText({ storeId: 's', items: [{ sku: 'a', qty: 1, priceCents: 1 }], currency: 'EUR', ...Object.fromEntries(Array.from({ length: 3_000 }, (_, n) => [`f${n}`, n])) });
    const refusedFields = await exchange(client, fields.id, fields.text);
    expect(refusedFields.reply.code).toBe('INVALID_COMMAND');
    expect(refusedFields.reply.details).toHaveLength(20);
    expect(refusedFields.reply.detailsTotal).toBe(3_000);
    expect(refusedFields.bytes).toBeLessThan(SMALL_REPLY_BYTES);
    client.close();
  });

  it('answers a 60,000-character key or stream name in a few hundred bytes', async () => {
    const client = await open();
    const longKey = commandText({ storeId: 's', items: [{ sku: 'a', qty: 1, priceCents: 1 }], currency: 'EUR' }, 'k'.repeat(60_000));
    const refusedKey = await exchange(client, longKey.id, longKey.text);
    expect(refusedKey.reply).toMatchObject({ code: 'INVALID_COMMAND', details: [{ path: 'key', expected: 'string of 1..128 chars' }] });
    expect(refusedKey.bytes).toBeLessThan(1_000);
    const subscription = await exchange(client, 's1', JSON.stringify({ op: 'subscribe', id: 's1', stream: 'chat.events', key: 'k'.repeat(60_000) }));
    expect(subscription.reply).toMatchObject({ code: 'BAD_REQUEST' });
    expect(subscription.bytes).toBeLessThan(1_000);
    const stream = await exchange(client, 's2', JSON.stringify({ op: 'subscribe', id: 's2', stream: 's'.repeat(60_000), key: 'k' }));
    expect(stream.reply).toMatchObject({ code: 'BAD_REQUEST' });
    expect(stream.bytes).toBeLessThan(1_000);
    const badSubscribe = await exchange(client, 's3', JSON.stringify({ op: 'subscribe', id: 's3', stream: 'chat.events', key: 'k', [`x${'y'.repeat(60_000)}`]: 1 }));
    expect(badSubscribe.reply).toMatchObject({ code: 'BAD_REQUEST' });
    expect(badSubscribe.bytes).toBeLessThan(1_000);
    client.close();
  });

  it('keeps answering another socket while 20 oversized HTTP commands arrive at once', async () => {
    const token = await gw.token();
    const bystander = await open();
    const body = JSON.stringify({ id: randomUUID(), key: 'order-x', data: { storeId: 's', items: Array.from({ length: 21_000 }, () => ({})), currency: 'EUR' } });
    const attacks = Array.from({ length: 20 }, () =>
      fetch(`${gw.httpUrl}/api/commands/orders/PlaceOrder`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }).then(async (response) => ({
        status: response.status,
        text: await response.text(),
      })),
    );
    bystander.send({ op: 'ping', id: 'still-here' });
    expect(await bystander.reply('still-here')).toEqual({ op: 'pong', id: 'still-here' });
    for (const { status, text } of await Promise.all(attacks)) {
      expect(status).toBe(400);
      expect(text.length).toBeLessThan(SMALL_REPLY_BYTES);
    }
    bystander.close();
  });

  it('wrote nothing of it to Kafka', async () => {
    expect(await recordCount(gw.admin, gw.topic('orders', 'commands'))).toBe(0);
  });
});

describe('limits refuse with their typed errors', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      WS_MAX_CONNECTIONS_PER_USER: '2',
      WS_MAX_CONNECTIONS: '4',
      HTTP_RATE_PER_SEC: '1',
      HTTP_RATE_BURST: '2',
      WS_RATE_BYTES_PER_SEC: '1000',
      WS_RATE_BYTES_BURST: String(64 * 1024),
    });
  }, START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  it('caps sockets per user with 429 and in all with 503, and frees a place when one closes', async () => {
    const alice = await gw.token({ subject: 'alice' });
    const first = await TestClient.open(`${gw.wsUrl}?token=${alice}`);
    const second = await TestClient.open(`${gw.wsUrl}?token=${alice}`);
    expect(await refusedUpgrade(`${gw.wsUrl}?token=${alice}`)).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    const others = [await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'bob' })}`), await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'carol' })}`)];
    expect(await refusedUpgrade(`${gw.wsUrl}?token=${await gw.token({ subject: 'dave' })}`)).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    first.close();
    await first.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await TestClient.open(`${gw.wsUrl}?token=${alice}`);
    for (const client of [second, third, ...others]) client.close();
  });

  it('limits HTTP requests per user with 429 and Retry-After', async () => {
    const [alice, bob] = [await gw.token({ subject: 'alice' }), await gw.token({ subject: 'bob' })];
    const request = (token: string) => fetch(`${gw.httpUrl}/api/commands/orders/Nope`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    const statuses = [];
    for (let n = 0; n < 3; n += 1) statuses.push((await request(alice)).status);
    expect(statuses).toEqual([400, 400, 429]);
    const limited = await request(alice);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await request(bob)).status).toBe(400);
  });

  it('counts subscribe frames against the same per-user budget as HTTP requests', async () => {
    const client = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'frank' })}`);
    const codes: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      client.send({ op: 'subscribe', id: key, stream: 'chat.events', key });
      const reply = await client.reply(key);
      codes.push(reply.op === 'error' ? reply.code : reply.op);
    }
    // This gateway has no database, so the first two are refused for that; the third never gets that far.
    expect(codes).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'RATE_LIMITED']);
    client.close();
  });

  it('counts bytes per socket before parsing, and still names the frame it refused', async () => {
    const client = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'erin' })}`);
    const big = (id: string) => JSON.stringify({ op: 'ping', id, padding: 'p'.repeat(30_000) });
    client.send(big('b1'));
    client.send(big('b2'));
    client.send(big('b3'));
    const replies = await Promise.all(['b1', 'b2', 'b3'].map((id) => client.reply(id)));
    expect(replies.filter((reply) => reply.op === 'error').map((reply) => (reply as ErrorMessage).code)).toContain('RATE_LIMITED');
    expect(replies.find((reply) => reply.op === 'error' && reply.code === 'RATE_LIMITED')).toMatchObject({ id: 'b3' });
    client.close();
  });
});
