/** The SDK's subscriptions: version dedupe, resume after a drop (views by snapshot, event streams by version), states, retries, refusals, unsubscribe. */
import type { EventMessage, ServerMessage, SnapshotInfo, SnapshotMessage, SubscribedInfo, SubscribingInfo, UnsubscribedInfo } from '../../../client';
import { eventually, ProtocolServer, type ServerConnection } from './protocol-server';

const STATS = 'views.store_stats';
const CHAT = 'chat.events';

function snapshot(stream: string, key: string, version: number): SnapshotMessage {
  return { op: 'snapshot', stream, key, version, data: { version } };
}

function event(stream: string, key: string, version: number): EventMessage {
  return { op: 'event', stream, key, version, name: 'Changed', data: { version }, ts: '2024-01-01T00:00:00.000Z' };
}

/** What a subscriber saw, as `snapshot@3`, `event@4`, `subscribed{…}`, … */
function recorder(): {
  seen: string[];
  handlers: {
    onSnapshot(m: SnapshotMessage, info: SnapshotInfo): void;
    onEvent(m: EventMessage): void;
    onSubscribing(info: SubscribingInfo): void;
    onSubscribed(info: SubscribedInfo): void;
    onUnsubscribed(info: UnsubscribedInfo): void;
  };
} {
  const seen: string[] = [];
  return {
    seen,
    handlers: {
      onSnapshot: (m, info) => void seen.push(`snapshot@${m.version}${info.resumed ? ' resumed' : ''}`),
      onEvent: (m) => void seen.push(`event@${m.version}`),
      onSubscribing: (info) => void seen.push(`subscribing${info.error ? ` ${info.error.code}` : ''}`),
      onSubscribed: (info) => void seen.push(`subscribed ${JSON.stringify(info)}`),
      onUnsubscribed: (info) => void seen.push(`unsubscribed ${info.reason}${info.error ? ` ${info.error.code}` : ''}`),
    },
  };
}

/** Only the snapshots and events. */
function data(seen: readonly string[]): string[] {
  return seen.filter((entry) => entry.startsWith('snapshot@') || entry.startsWith('event@'));
}

/** Answers the connection's (`nth`) subscribe frame for stream + key, then sends `messages`. */
async function answer(connection: ServerConnection, stream: string, key: string, messages: ServerMessage[], extra: { version?: number; nth?: number } = {}): Promise<void> {
  const matching = (candidate: { stream: string; key: string }): boolean => candidate.stream === stream && candidate.key === key;
  await eventually(() => (connection.frames.filter((frame) => frame.op === 'subscribe' && matching(frame)).length > (extra.nth ?? 0) ? true : undefined), `subscribe #${extra.nth ?? 0}`);
  const frame = connection.frames.filter((candidate) => candidate.op === 'subscribe' && matching(candidate))[extra.nth ?? 0] as { id: string };
  const version = extra.version === undefined ? {} : { version: extra.version };
  connection.send([{ op: 'subscribed', id: frame.id, stream, key, ...version }, ...messages]);
}

/** Waits until `recorded` holds `count` snapshots and events. */
function delivered(recorded: readonly string[], count: number): Promise<true> {
  return eventually(() => (data(recorded).length >= count ? true : undefined), `${count} deliveries`);
}

describe('EventlineClient subscriptions', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('delivers a snapshot and then only versions above the last one delivered', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    const subscription = client.subscribe(STATS, 'store-1', handlers);
    expect(subscription.state).toBe('subscribing');
    await client.connect();
    const connection = await server.connection(0);
    expect(await connection.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    await answer(connection, STATS, 'store-1', [snapshot(STATS, 'store-1', 3), event(STATS, 'store-1', 3), event(STATS, 'store-1', 4), event(STATS, 'store-1', 4), event(STATS, 'store-1', 2), event(STATS, 'store-1', 5)]);
    await delivered(seen, 3);
    expect(seen).toEqual(['subscribed {"resumed":false,"recovered":false}', 'snapshot@3', 'event@4', 'event@5']);
    expect(subscription).toMatchObject({ state: 'subscribed', version: 5, stream: STATS, key: 'store-1' });
  });

  it('routes messages by stream and key', async () => {
    const client = server.client();
    const one = recorder();
    const two = recorder();
    client.subscribe(STATS, 'store-1', one.handlers);
    client.subscribe(STATS, 'store-2', two.handlers);
    await client.connect();
    const connection = await server.connection(0);
    await answer(connection, STATS, 'store-1', []);
    await answer(connection, STATS, 'store-2', [snapshot(STATS, 'store-2', 1), event(STATS, 'store-1', 9), snapshot(STATS, 'store-3', 1), event(STATS, 'store-2', 2)]);
    await delivered(two.seen, 2);
    expect(data(two.seen)).toEqual(['snapshot@1', 'event@2']);
    expect(data(one.seen)).toEqual(['event@9']);
  });

  it("ignores a stream + key's messages until the gateway answers the subscribe request (an earlier subscription's stragglers)", async () => {
    const client = server.client();
    await client.connect();
    const connection = await server.connection(0);
    const first = recorder();
    const subscription = client.subscribe(CHAT, 'room-1', first.handlers);
    await answer(connection, CHAT, 'room-1', [event(CHAT, 'room-1', 1)], { version: 0 });
    await delivered(first.seen, 1);
    subscription.unsubscribe();
    const again = recorder();
    client.subscribe(CHAT, 'room-1', again.handlers, { fromVersion: 1 });
    const frame = await connection.frame('subscribe', (candidate) => candidate.fromVersion === 1);
    // Still on the wire from the first subscription when the gateway took the unsubscribe:
    connection.send([event(CHAT, 'room-1', 5), { op: 'unsubscribed', id: 'r-old', stream: CHAT, key: 'room-1' }]);
    connection.send([{ op: 'subscribed', id: frame.id, stream: CHAT, key: 'room-1', version: 1 }, event(CHAT, 'room-1', 2), event(CHAT, 'room-1', 3)]);
    await delivered(again.seen, 2);
    expect(data(again.seen)).toEqual(['event@2', 'event@3']);
    expect(first.seen).toEqual(['subscribed {"resumed":false,"recovered":false,"version":0}', 'event@1', 'unsubscribed client']);
  });

  it('resumes a view from a fresh snapshot after a drop, delivering it only when it moved on, and says so', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(STATS, 'store-1', handlers);
    const first = await server.connection(0);
    await answer(first, STATS, 'store-1', [snapshot(STATS, 'store-1', 3), event(STATS, 'store-1', 4)]);
    await delivered(seen, 2);
    first.drop();

    // Views conflate, so they never resume by version: the snapshot says where the row is now.
    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    await answer(second, STATS, 'store-1', [snapshot(STATS, 'store-1', 4), event(STATS, 'store-1', 5)]);
    await delivered(seen, 3);
    second.drop();

    const third = await server.connection(2);
    await answer(third, STATS, 'store-1', [snapshot(STATS, 'store-1', 9), event(STATS, 'store-1', 8), event(STATS, 'store-1', 10)]);
    await delivered(seen, 5);
    expect(seen).toEqual([
      'subscribed {"resumed":false,"recovered":false}',
      'snapshot@3',
      'event@4',
      'subscribing',
      'subscribed {"resumed":true,"recovered":false}',
      'event@5',
      'subscribing',
      'subscribed {"resumed":true,"recovered":false}',
      'snapshot@9 resumed',
      'event@10',
    ]);
  });

  it('resumes an event stream after the last version delivered, dropping a repeat of it, and reports it recovered', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-1', handlers, { fromVersion: 10 });
    const first = await server.connection(0);
    expect(await first.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: CHAT, key: 'room-1', fromVersion: 10 });
    await answer(first, CHAT, 'room-1', [event(CHAT, 'room-1', 10), event(CHAT, 'room-1', 11), event(CHAT, 'room-1', 12)], { version: 10 });
    await delivered(seen, 2);
    first.drop();

    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toMatchObject({ stream: CHAT, key: 'room-1', fromVersion: 12 });
    await answer(second, CHAT, 'room-1', [event(CHAT, 'room-1', 12), event(CHAT, 'room-1', 13)], { version: 12 });
    await delivered(seen, 3);
    expect(seen).toEqual([
      'subscribed {"resumed":false,"recovered":false,"version":10}',
      'event@11',
      'event@12',
      'subscribing',
      'subscribed {"resumed":true,"recovered":true,"version":12}',
      'event@13',
    ]);
  });

  it('resumes an event stream from the version `subscribed` gave when the drop came before its first event (no gap)', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-2', handlers);
    const first = await server.connection(0);
    expect((await first.frame('subscribe')).fromVersion).toBeUndefined();
    await answer(first, CHAT, 'room-2', [], { version: 41 });
    await eventually(() => (seen.length === 1 ? true : undefined), 'subscribed');
    first.drop();
    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toMatchObject({ key: 'room-2', fromVersion: 41 });
  });

  it('retries a subscription refused with RATE_LIMITED or UNAVAILABLE after a backoff delay, on the same connection', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    const errors: unknown[] = [];
    await client.connect();
    client.subscribe(CHAT, 'room-3', { ...handlers, onError: (error) => void errors.push(error) }, { fromVersion: 2 });
    const connection = await server.connection(0);
    const first = await connection.frame('subscribe');
    connection.send({ op: 'error', id: first.id, code: 'RATE_LIMITED', message: 'at most 100 subscriptions per socket', details: [] });
    const second = await connection.frame('subscribe', (frame) => frame.id !== first.id);
    connection.send({ op: 'error', id: second.id, code: 'UNAVAILABLE', message: 'the database is unreachable', details: [] });
    await answer(connection, CHAT, 'room-3', [event(CHAT, 'room-3', 3)], { version: 2, nth: 2 });
    await delivered(seen, 1);
    expect(errors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retriable: true }), expect.objectContaining({ code: 'UNAVAILABLE', retriable: true })]);
    expect(seen).toEqual(['subscribing RATE_LIMITED', 'subscribing UNAVAILABLE', 'subscribed {"resumed":false,"recovered":false,"version":2}', 'event@3']);
    expect(server.connections).toHaveLength(1);
  });

  it('renews the token and subscribes again when a subscription is refused UNAUTHORIZED', async () => {
    const client = server.client({ getToken: () => 'renewed' });
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(STATS, 'store-4', handlers);
    const connection = await server.connection(0);
    const first = await connection.frame('subscribe');
    connection.send({ op: 'error', id: first.id, code: 'TOKEN_EXPIRED', message: 'token expired', details: [] });
    const auth = await connection.frame('auth');
    expect(auth.token).toBe('renewed');
    expect(connection.frames.filter((frame) => frame.op === 'subscribe')).toHaveLength(1);
    connection.send({ op: 'authenticated', id: auth.id, exp: 1_900_000_000 });
    await answer(connection, STATS, 'store-4', [snapshot(STATS, 'store-4', 1)], { nth: 1 });
    await delivered(seen, 1);
    expect(seen).toEqual(['subscribing TOKEN_EXPIRED', 'subscribed {"resumed":false,"recovered":false}', 'snapshot@1']);
  });

  it('ends a subscription the gateway refuses for good, with the typed error, and does not retry it', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    const errors: unknown[] = [];
    await client.connect();
    const subscription = client.subscribe(STATS, 'store-x', { ...handlers, onError: (error) => void errors.push(error) });
    const first = await server.connection(0);
    const frame = await first.frame('subscribe');
    first.send({ op: 'error', id: frame.id, code: 'FORBIDDEN', message: 'views.store_stats "store-x" does not exist or is not yours to follow', details: [] });
    await eventually(() => errors[0], 'the refusal');
    expect(errors[0]).toMatchObject({ name: 'ServerError', code: 'FORBIDDEN', requestId: frame.id, retriable: false });
    expect(seen).toEqual(['unsubscribed server FORBIDDEN']);
    expect(subscription.state).toBe('unsubscribed');
    // Ended: the same stream + key may be subscribed again.
    expect(() => client.subscribe(STATS, 'store-x', {})).not.toThrow();
  });

  it('ends a subscription the gateway ends itself (`unsubscribed` with id null)', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-5', handlers, { fromVersion: 0 });
    const connection = await server.connection(0);
    await answer(connection, CHAT, 'room-5', [event(CHAT, 'room-5', 1)], { version: 0 });
    await delivered(seen, 1);
    connection.send([{ op: 'unsubscribed', id: null, stream: CHAT, key: 'room-5', code: 'FORBIDDEN', message: 'the renewed token does not grant this subscription' }, event(CHAT, 'room-5', 2)]);
    await eventually(() => (seen.at(-1)?.startsWith('unsubscribed') ? true : undefined), 'the end');
    expect(seen.slice(1)).toEqual(['event@1', 'unsubscribed server FORBIDDEN']);
  });

  it('unsubscribes once: one unsubscribe frame, no more deliveries, no resubscribe after a drop', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    const subscription = client.subscribe(STATS, 'store-1', handlers);
    const first = await server.connection(0);
    await answer(first, STATS, 'store-1', [snapshot(STATS, 'store-1', 1)]);
    await delivered(seen, 1);
    subscription.unsubscribe();
    subscription.unsubscribe();
    expect(await first.frame('unsubscribe')).toEqual({ op: 'unsubscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    first.send(event(STATS, 'store-1', 2));
    client.subscribe(STATS, 'store-9', {});
    first.drop();
    const second = await server.connection(1);
    await second.frame('subscribe', (frame) => frame.key === 'store-9');
    expect(first.frames.filter((frame) => frame.op === 'unsubscribe')).toHaveLength(1);
    expect(second.frames.filter((frame) => frame.op === 'subscribe' && frame.key === 'store-1')).toEqual([]);
    expect(seen).toEqual(['subscribed {"resumed":false,"recovered":false}', 'snapshot@1', 'unsubscribed client']);
  });

  it('refuses a second subscription of one stream + key, and a bad fromVersion', () => {
    const client = server.client();
    client.subscribe(STATS, 'store-1', {});
    expect(() => client.subscribe(STATS, 'store-1', {})).toThrow(TypeError);
    expect(() => client.subscribe(CHAT, 'room-1', {}, { fromVersion: -1 })).toThrow(/fromVersion/);
    expect(() => client.subscribe(CHAT, 'room-1', {}, { fromVersion: 1.5 })).toThrow(/fromVersion/);
  });

  it('keeps delivering the rest of a frame when a handler throws', async () => {
    const report = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const client = server.client();
      const seen: number[] = [];
      await client.connect();
      client.subscribe(STATS, 'store-1', {
        onEvent: (message) => {
          seen.push(message.version);
          if (message.version === 1) throw new Error('bug in the page');
        },
      });
      const connection = await server.connection(0);
      await answer(connection, STATS, 'store-1', [event(STATS, 'store-1', 1), event(STATS, 'store-1', 2)]);
      await eventually(() => (seen.length === 2 ? true : undefined), 'both events');
      expect(seen).toEqual([1, 2]);
      expect(report).toHaveBeenCalledWith('eventline client: a listener threw', expect.any(Error));
    } finally {
      report.mockRestore();
    }
  });

  it('keeps its subscriptions subscribing while the client is closed, and resumes them on connect()', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-6', handlers, { fromVersion: 4 });
    await answer(await server.connection(0), CHAT, 'room-6', [], { version: 4 });
    await eventually(() => (seen.length === 1 ? true : undefined), 'subscribed');
    client.close();
    await client.connect();
    expect(await (await server.connection(1)).frame('subscribe')).toMatchObject({ key: 'room-6', fromVersion: 4 });
    expect(seen).toEqual(['subscribed {"resumed":false,"recovered":false,"version":4}', 'subscribing']);
  });
});
