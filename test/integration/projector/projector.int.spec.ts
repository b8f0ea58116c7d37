/**
 * The projector against real Kafka and PostgreSQL (invariants 5 and 8): a known event
 * sequence gives hand-computed rows and view changes; poison records are dead-lettered and the
 * next good event still applies; the database checkpoint, not the group offset, says where to
 * resume; a 20,000-event backlog ends equal to the pure fold.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AccessControl, createTokenVerifier, signToken } from '../../../gateway/auth';
import { apiNotFound, authenticate, problemHandler } from '../../../gateway/http';
import { UserBuckets } from '../../../gateway/limits';
import { createReadRoutes } from '../../../gateway/reads';
import { NO_AUDIT } from '../../../platform/audit';
import type { Orm } from '../../../platform/db';
import { createLogger } from '../../../platform/logger';
import { DEAD_LETTER_HEADERS } from '../../../platform/kafka';
import { postgresAccessFacts } from '../../../read-models';
import { ordersReadModel, storeStatsReadModel } from '../../../domains/orders';
import { messagesReadModel, roomsReadModel } from '../../../domains/chat';
import { readTable } from './support/database';
import { produceEvents, recorded, workloadEvents, type DomainEvent } from './support/events';
import { createWorld, type World } from './support/harness';
import { codec, connectedKafkaClients, readTopic, testKafka } from '../../support/kafka';

jest.setTimeout(240_000);

const at = (time: string): string => `2025-01-01T${time}.000Z`;
const line = (sku: string, qty: number, priceCents: number) => ({ sku, qty, priceCents });

/** Orders in two stores through every transition, and a chat room with an edited message. */
const KNOWN: DomainEvent[] = [
  recorded('orders', 'OrderPlaced', 'o-1', 1, at('12:00:10'), { storeId: 's-A', customerId: 'c-1', items: [line('tea', 2, 500)], currency: 'EUR', totalCents: 1000 }),
  recorded('orders', 'OrderPlaced', 'o-2', 1, at('12:00:20'), { storeId: 's-A', customerId: 'c-2', items: [line('cup', 3, 100)], currency: 'EUR', totalCents: 300 }),
  recorded('orders', 'OrderPaid', 'o-1', 2, at('12:00:30'), { storeId: 's-A', amountCents: 1000, currency: 'EUR' }),
  recorded('orders', 'OrderPlaced', 'o-3', 1, at('12:01:05'), { storeId: 's-B', customerId: 'c-1', items: [line('tea', 1, 700)], currency: 'EUR', totalCents: 700 }),
  recorded('orders', 'OrderPaid', 'o-2', 2, at('12:01:10'), { storeId: 's-A', amountCents: 300, currency: 'EUR' }),
  recorded('orders', 'OrderShipped', 'o-1', 3, at('12:02:00'), { storeId: 's-A', carrier: 'DHL', trackingNumber: 'T-1' }),
  recorded('orders', 'OrderCancelled', 'o-2', 3, at('12:02:30'), { storeId: 's-A', reason: 'damaged', previousStatus: 'PAID', refundCents: 300, currency: 'EUR' }),
  recorded('orders', 'OrderCancelled', 'o-3', 2, at('12:03:00'), { storeId: 's-B', reason: 'changed mind', previousStatus: 'PLACED', refundCents: 0, currency: 'EUR' }),
  recorded('chat', 'RoomCreated', 'r-1', 1, at('12:00:00'), { title: 'General', createdBy: 'alice', private: false }),
  recorded('chat', 'MessagePosted', 'r-1', 2, at('12:00:01'), { messageId: 'm-a', seq: 1, author: 'alice', text: 'hi' }),
  recorded('chat', 'MessagePosted', 'r-1', 3, at('12:00:02'), { messageId: 'm-b', seq: 2, author: 'bob', text: 'helo' }, 'bob'),
  recorded('chat', 'RoomCreated', 'r-2', 1, at('12:00:03'), { title: 'Empty', createdBy: 'bob', private: false }, 'bob'),
  recorded('chat', 'MessagePosted', 'r-1', 4, at('12:00:04'), { messageId: 'm-c', seq: 3, author: 'alice', text: 'bye' }),
  recorded('chat', 'MessageEdited', 'r-1', 5, at('12:00:05'), { messageId: 'm-b', seq: 2, author: 'bob', text: 'hello' }, 'bob'),
];

/** Worked out by hand from KNOWN (not by the projections), so a projection bug cannot hide. */
const STORE_A = {
  storeId: 's-A',
  ordersPlaced: 0,
  ordersPaid: 0,
  ordersShipped: 1,
  ordersCancelled: 1,
  openOrders: 0,
  revenueByCurrency: [{ currency: 'EUR', grossCents: 1300, refundedCents: 300, netCents: 1000 }],
  grossRevenueByMinute: [
    { minute: new Date(at('12:00:00')), currency: 'EUR', grossCents: 1000 },
    { minute: new Date(at('12:01:00')), currency: 'EUR', grossCents: 300 },
  ],
  updatedAt: new Date(at('12:02:30')),
  version: 6,
};
const STORE_B = { ...STORE_A, storeId: 's-B', ordersShipped: 0, revenueByCurrency: [], grossRevenueByMinute: [], updatedAt: new Date(at('12:03:00')), version: 2 };
const ORDER_1 = {
  orderId: 'o-1',
  storeId: 's-A',
  customerId: 'c-1',
  status: 'SHIPPED',
  totalCents: 1000,
  currency: 'EUR',
  itemCount: 2,
  carrier: 'DHL',
  trackingNumber: 'T-1',
  cancelReason: null,
  placedAt: new Date(at('12:00:10')),
  paidAt: new Date(at('12:00:30')),
  shippedAt: new Date(at('12:02:00')),
  cancelledAt: null,
  updatedAt: new Date(at('12:02:00')),
  version: 3,
};
const ORDER_2 = {
  ...ORDER_1,
  orderId: 'o-2',
  customerId: 'c-2',
  status: 'CANCELLED',
  totalCents: 300,
  itemCount: 3,
  carrier: null,
  trackingNumber: null,
  cancelReason: 'damaged',
  placedAt: new Date(at('12:00:20')),
  paidAt: new Date(at('12:01:10')),
  shippedAt: null,
  cancelledAt: new Date(at('12:02:30')),
  updatedAt: new Date(at('12:02:30')),
};
const ROOM_1 = { roomId: 'r-1', title: 'General', createdBy: 'alice', private: false, createdAt: new Date(at('12:00:00')), messageCount: 3, lastSeq: 3, updatedAt: new Date(at('12:00:04')), version: 4 };
const message = (seq: number, messageId: string, author: string, text: string, postedAt: string, editedAt: string | null, version: number) => ({
  roomId: 'r-1',
  seq,
  messageId,
  author,
  text,
  postedAt: new Date(at(postedAt)),
  editedAt: editedAt === null ? null : new Date(at(editedAt)),
  version,
});
const MESSAGES = [message(1, 'm-a', 'alice', 'hi', '12:00:01', null, 1), message(2, 'm-b', 'bob', 'hello', '12:00:02', '12:00:05', 2), message(3, 'm-c', 'alice', 'bye', '12:00:04', null, 1)];

/** What the REST API answers for a row: JSON, so Dates become ISO-8601 strings. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const SECRET = 'projector-test-secret-of-at-least-32-bytes';

/** The read routes on a tiny express app with the gateway's own error middleware. */
async function serveReads(orm: Orm): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  const verify = createTokenVerifier({ jwtSecret: SECRET, jwtJwksUrl: undefined, jwtIssuer: undefined, jwtAudience: undefined, jwtRolesClaim: ['roles'], jwtMaxTtlSeconds: 86_400 });
  const authenticated = authenticate(verify, new UserBuckets(1_000, 1_000, 'requests'), NO_AUDIT);
  app.use(createReadRoutes({ orm, authenticated, access: new AccessControl(postgresAccessFacts(orm)) }));
  app.use('/api', apiNotFound);
  app.use(problemHandler(createLogger('test', 'silent')));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('projector', () => {
  const kafka = testKafka();
  const worlds: World[] = [];
  const clients = connectedKafkaClients(kafka, () => Promise.all(worlds.map((created) => created.close())));
  const world = async (name: string): Promise<World> => {
    const created = await createWorld(kafka, clients.admin, name);
    worlds.push(created);
    return created;
  };

  it('projects a known event sequence into the hand-computed rows and view changes', async () => {
    const { topics, db, startProjector, caughtUp, expectRowsToEqualFold, expectViewStream } = await world('proj-known');
    const projector = await startProjector();
    await produceEvents(clients.producer, topics, KNOWN);
    await caughtUp();
    await projector.stop();

    const stores = await readTable(db.orm, storeStatsReadModel);
    expect(Object.fromEntries(stores)).toEqual({ 's-A': STORE_A, 's-B': STORE_B });
    const orders = await readTable(db.orm, ordersReadModel);
    expect(orders.get('o-1')).toEqual(ORDER_1);
    expect(orders.get('o-2')).toEqual(ORDER_2);
    expect(orders.get('o-3')).toMatchObject({ status: 'CANCELLED', cancelReason: 'changed mind', paidAt: null, version: 2 });
    expect(Object.fromEntries(await readTable(db.orm, roomsReadModel))).toEqual({
      'r-1': ROOM_1,
      'r-2': { roomId: 'r-2', title: 'Empty', createdBy: 'bob', private: false, createdAt: new Date(at('12:00:03')), messageCount: 0, lastSeq: 0, updatedAt: new Date(at('12:00:03')), version: 1 },
    });
    expect(Object.fromEntries(await readTable(db.orm, messagesReadModel))).toEqual({ 'r-1:1': MESSAGES[0], 'r-1:2': MESSAGES[1], 'r-1:3': MESSAGES[2] });
    await expectRowsToEqualFold(KNOWN);
    expect(await expectViewStream('store_stats')).toBeGreaterThanOrEqual(2);

    const reads = await serveReads(db.orm);
    try {
      const token = await signToken(SECRET, { subject: 'reader', scope: 'read:store_stats read:orders read:rooms read:messages', roles: ['staff'] });
      const get = async (path: string, bearer: string | null = token): Promise<{ status: number; body: any }> => {
        const response = await fetch(`${reads.url}${path}`, { headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } });
        return { status: response.status, body: await response.json() };
      };
      expect(await get('/api/views/store_stats/s-A')).toEqual({ status: 200, body: json(STORE_A) });
      expect(await get('/api/stores/s-B/stats')).toEqual({ status: 200, body: json(STORE_B) });
      expect(await get('/api/orders/o-1')).toEqual({ status: 200, body: json(ORDER_1) });
      expect(await get('/api/chat/rooms/r-1')).toEqual({ status: 200, body: json(ROOM_1) });
      expect(await get('/api/chat/rooms/r-1/messages?limit=2')).toEqual({ status: 200, body: { messages: json(MESSAGES.slice(0, 2)), nextAfterSeq: 2 } });
      expect(await get('/api/chat/rooms/r-1/messages?afterSeq=2&limit=2')).toEqual({ status: 200, body: { messages: json(MESSAGES.slice(2)), nextAfterSeq: null } });
      expect(await get('/api/chat/rooms/r-2/messages')).toEqual({ status: 200, body: { messages: [], nextAfterSeq: null } });
      expect(await get('/api/chat/rooms/r-1/messages?limit=lots')).toEqual({
        status: 400,
        body: { error: { code: 'BAD_REQUEST', message: 'query parameter "limit" must be a non-negative integer', details: [] } },
      });
      for (const missing of ['/api/chat/rooms/nowhere/messages', '/api/views/store_stats/s-Z', '/api/views/carts/s-A', '/api/orders/o-9', '/api/chat/rooms/r-9']) {
        expect({ missing, ...(await get(missing)) }).toMatchObject({ missing, status: 404, body: { error: { code: 'NOT_FOUND' } } });
      }
      expect(await get('/api/orders/o-1', null)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
      const ordersOnly = await signToken(SECRET, { subject: 'reader', scope: 'read:orders', roles: ['staff'] });
      expect(await get('/api/stores/s-A/stats', ordersOnly)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      expect(await get('/api/views/store_stats/s-Z', ordersOnly)).toMatchObject({ status: 403 });
      expect((await get('/api/orders/o-2', ordersOnly)).body).toEqual(json(ORDER_2));
      expect((await get('/api/orders/o-2', await signToken(SECRET, { subject: 'admin', scope: '*', roles: ['staff'] }))).body).toEqual(json(ORDER_2));
      // A customer reads their own orders only; another's is "not found", like a missing one. The store view is staff's.
      const customer = await signToken(SECRET, { subject: 'c-1', scope: '*' });
      expect((await get('/api/orders/o-1', customer)).body).toEqual(json(ORDER_1));
      const refused = await get('/api/orders/o-2', customer);
      const missing = await get('/api/orders/o-9', customer);
      expect(refused).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'orders "o-2" not found', details: [] } } });
      expect(missing).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'orders "o-9" not found', details: [] } } });
      expect(await get('/api/stores/s-A/stats', customer)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    } finally {
      await reads.close();
    }
  });

  it('dead-letters undecodable records and events a projection throws on, and still applies the next good event', async () => {
    const { topics, db, appId, startProjector, caughtUp } = await world('proj-poison');
    const projector = await startProjector();
    const created = recorded('chat', 'RoomCreated', 'r-p', 1, at('12:00:00'), { title: 'Poison', createdBy: 'alice', private: false });
    // An edit of a message that was never posted: the messages projection refuses it (requireRow).
    const orphanEdit = recorded('chat', 'MessageEdited', 'r-p', 2, at('12:00:01'), { messageId: 'm-x', seq: 9, author: 'alice', text: 'x' });
    const posted = recorded('chat', 'MessagePosted', 'r-p', 3, at('12:00:02'), { messageId: 'm-1', seq: 1, author: 'alice', text: 'first' });
    const garbage = Buffer.from('definitely not avro');
    await produceEvents(clients.producer, topics, [created]);
    await clients.producer.send({ topic: topics.domain('chat', 'events'), acks: -1, messages: [{ key: 'r-p', value: garbage }] });
    await produceEvents(clients.producer, topics, [orphanEdit, posted]);
    await caughtUp();
    await projector.stop();

    const source = (await readTopic(kafka, topics.domain('chat', 'events'))).filter((record) => record.key === 'r-p');
    const letters = await readTopic(kafka, topics.domain('chat', 'deadletters'));
    const header = (record: (typeof letters)[number], name: string): string | undefined => record.message.headers?.[name]?.toString();
    expect(
      letters.map((letter) => ({
        key: letter.key,
        code: header(letter, DEAD_LETTER_HEADERS.code),
        consumer: header(letter, DEAD_LETTER_HEADERS.consumer),
        topic: header(letter, DEAD_LETTER_HEADERS.sourceTopic),
        partition: header(letter, DEAD_LETTER_HEADERS.sourcePartition),
        offset: header(letter, DEAD_LETTER_HEADERS.sourceOffset),
      })),
    ).toEqual([
      { key: 'r-p', code: 'SCHEMA_DECODE_FAILED', consumer: `${appId}-projector`, topic: topics.domain('chat', 'events'), partition: String(source[1]!.partition), offset: String(source[1]!.offset) },
      { key: 'r-p', code: 'INTERNAL', consumer: `${appId}-projector/messages`, topic: topics.domain('chat', 'events'), partition: String(source[2]!.partition), offset: String(source[2]!.offset) },
    ]);
    expect(letters[0]!.message.value).toEqual(garbage);
    expect(header(letters[0]!, DEAD_LETTER_HEADERS.error)).toMatch(/magic byte/);
    expect(header(letters[1]!, DEAD_LETTER_HEADERS.error)).toMatch(/MessageEdited for r-p has no row/);
    expect([...(await readTable(db.orm, messagesReadModel)).keys()]).toEqual(['r-p:1']);
    expect((await readTable(db.orm, roomsReadModel)).get('r-p')).toMatchObject({ messageCount: 1, lastSeq: 1, version: 2 });
  });

  it('dead-letters an event the database refuses, for the read models that refuse it, and projects everything after it', async () => {
    const { topics, db, appId, startProjector, caughtUp } = await world('proj-nul');
    const projector = await startProjector();
    // Written straight to the topic, as another producer (or an older gateway) could: PostgreSQL text cannot hold U+0000.
    const created = recorded('chat', 'RoomCreated', 'r-nul', 1, at('12:00:00'), { title: 'NUL', createdBy: 'alice', private: false });
    const poisoned = recorded('chat', 'MessagePosted', 'r-nul', 2, at('12:00:01'), { messageId: 'm-1', seq: 1, author: 'alice', text: 'a\u0000b' });
    const later = Array.from({ length: 20 }, (_, n) =>
      recorded('chat', 'MessagePosted', 'r-nul', 3 + n, at('12:00:02'), { messageId: `m-${n + 2}`, seq: n + 2, author: 'bob', text: `after ${n}` }),
    );
    await produceEvents(clients.producer, topics, [created, poisoned, ...later]);
    await caughtUp();
    await projector.stop();

    const poisonOffset = (await readTopic(kafka, topics.domain('chat', 'events'))).find((record) => record.key === 'r-nul' && (codec.decode(record.message.value as Buffer).value as { version: number }).version === 2)!.offset;
    const letters = await readTopic(kafka, topics.domain('chat', 'deadletters'));
    const header = (record: (typeof letters)[number], name: string): string | undefined => record.message.headers?.[name]?.toString();
    expect(letters.map((letter) => [header(letter, DEAD_LETTER_HEADERS.consumer), header(letter, DEAD_LETTER_HEADERS.code), header(letter, DEAD_LETTER_HEADERS.sourceOffset)]).sort()).toEqual(
      [`${appId}-projector/chat_event_history`, `${appId}-projector/messages`].map((consumer) => [consumer, 'DATA_REFUSED', String(poisonOffset)]),
    );
    expect(letters.every((letter) => /SQLSTATE 22/.test(header(letter, DEAD_LETTER_HEADERS.error) ?? ''))).toBe(true);
    // The rooms row could store it (it counts messages, no text); every later message is projected.
    expect([...(await readTable(db.orm, messagesReadModel)).keys()].sort()).toEqual(later.map((_, n) => `r-nul:${n + 2}`).sort());
    expect((await readTable(db.orm, roomsReadModel)).get('r-nul')).toMatchObject({ messageCount: 21, lastSeq: 21 });
  });

  it('resumes from the database checkpoint whatever the group offsets say', async () => {
    const { topics, appId, startProjector, caughtUp, expectRowsToEqualFold, expectViewStream } = await world('proj-resume');
    const ordersTopic = topics.domain('orders', 'events');
    const groupId = `${appId}-projector`;
    const [first, second] = [KNOWN.slice(0, 4), KNOWN.slice(4)];

    let projector = await startProjector();
    await produceEvents(clients.producer, topics, first);
    await caughtUp();
    await projector.stop();

    // Group offsets ahead of the checkpoint (e.g. a database restored from a backup): trusting
    // them would skip the second half.
    await produceEvents(clients.producer, topics, second);
    const ends = await clients.admin.fetchTopicOffsets(ordersTopic);
    await clients.admin.setOffsets({ groupId, topic: ordersTopic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    projector = await startProjector();
    await caughtUp();
    await projector.stop();
    await expectRowsToEqualFold(KNOWN);
    await expectViewStream('store_stats');

    // Group offsets behind the checkpoint: nothing is applied a second time, and what follows still is.
    await clients.admin.setOffsets({ groupId, topic: ordersTopic, partitions: ends.map(({ partition }) => ({ partition, offset: '0' })) });
    const later = recorded('orders', 'OrderPlaced', 'o-4', 1, at('12:04:00'), { storeId: 's-A', customerId: 'c-4', items: [line('tea', 1, 500)], currency: 'EUR', totalCents: 500 });
    projector = await startProjector();
    await produceEvents(clients.producer, topics, [later]);
    await caughtUp();
    await projector.stop();
    await expectRowsToEqualFold([...KNOWN, later]);
    await expectViewStream('store_stats');
  });

  it('projects a 20,000-event backlog into rows equal to the pure fold', async () => {
    const { topics, startProjector, caughtUp, expectRowsToEqualFold, expectViewStream } = await world('proj-backlog');
    const events = workloadEvents(20_000, 7, 'bk');
    expect(events).toHaveLength(20_000);
    await produceEvents(clients.producer, topics, events);

    // start() resolves once the group is joined: the time after it is projecting (informal; `npm run bench` measures).
    const projector = await startProjector();
    const started = Date.now();
    await caughtUp(120_000);
    const seconds = (Date.now() - started) / 1000;
    await projector.stop();
    process.stdout.write(`projector backlog: ${events.length} events in ${seconds.toFixed(2)} s, ${Math.round(events.length / seconds)} events/s\n`);
    await expectRowsToEqualFold(events);
    await expectViewStream('store_stats');
  });
});
