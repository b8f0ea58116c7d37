/** The SDK's subscriptions: version dedupe, resume after a drop (views by snapshot, event streams by fromVersion), unsubscribe, refusals. */
import type { EventMessage, ServerMessage, SnapshotMessage } from '../../../client';
import { eventually, ProtocolServer, type ServerConnection } from './protocol-server';

const STATS = 'views.store_stats';
const CHAT = 'chat.events';

function snapshot(stream: string, key: string, version: number): SnapshotMessage {
  return { op: 'snapshot', stream, key, version, data: { version } };
}

function event(stream: string, key: string, version: number): EventMessage {
  return { op: 'event', stream, key, version, name: 'Changed', data: { version }, ts: '2024-01-01T00:00:00.000Z' };
}

/** What a subscriber saw, as `snapshot@3`, `event@4`, … */
function recorder(): { seen: string[]; handlers: { onSnapshot(m: SnapshotMessage): void; onEvent(m: EventMessage): void } } {
  const seen: string[] = [];
  return { seen, handlers: { onSnapshot: (m) => void seen.push(`snapshot@${m.version}`), onEvent: (m) => void seen.push(`event@${m.version}`) } };
}

/** Answers the connection's subscribe frame for stream + key, then sends `messages`. */
async function answer(connection: ServerConnection, stream: string, key: string, messages: ServerMessage[]): Promise<void> {
  const frame = await connection.frame('subscribe', (candidate) => candidate.stream === stream && candidate.key === key);
  connection.send([{ op: 'subscribed', id: frame.id, stream, key }, ...messages]);
}

describe('EventlineClient subscriptions', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('delivers a snapshot and then only versions above the last one delivered', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    client.subscribe(STATS, 'store-1', handlers);
    await client.connect();
    const connection = await server.connection(0);
    expect(await connection.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    await answer(connection, STATS, 'store-1', [snapshot(STATS, 'store-1', 3), event(STATS, 'store-1', 3), event(STATS, 'store-1', 4), event(STATS, 'store-1', 4), event(STATS, 'store-1', 2), event(STATS, 'store-1', 5)]);
    await eventually(() => (seen.length === 3 ? true : undefined), 'three deliveries');
    expect(seen).toEqual(['snapshot@3', 'event@4', 'event@5']);
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
    await eventually(() => (two.seen.length === 2 ? true : undefined), 'store-2 deliveries');
    expect(two.seen).toEqual(['snapshot@1', 'event@2']);
    expect(one.seen).toEqual(['event@9']);
  });

  it("ignores a stream + key's messages until the gateway answers the subscribe request (an earlier subscription's stragglers)", async () => {
    const client = server.client();
    await client.connect();
    const connection = await server.connection(0);
    const first = recorder();
    const unsubscribe = client.subscribe(CHAT, 'room-1', first.handlers);
    await answer(connection, CHAT, 'room-1', [event(CHAT, 'room-1', 1)]);
    await eventually(() => (first.seen.length === 1 ? true : undefined), 'the first subscription\'s event');
    unsubscribe();
    const again = recorder();
    client.subscribe(CHAT, 'room-1', again.handlers, { fromVersion: 1 });
    const frame = await connection.frame('subscribe', (candidate) => candidate.fromVersion === 1);
    // Still on the wire from the first subscription when the gateway took the unsubscribe:
    connection.send([event(CHAT, 'room-1', 5), { op: 'unsubscribed', id: 'r-old', stream: CHAT, key: 'room-1' }]);
    connection.send([{ op: 'subscribed', id: frame.id, stream: CHAT, key: 'room-1' }, event(CHAT, 'room-1', 2), event(CHAT, 'room-1', 3)]);
    await eventually(() => (again.seen.length === 2 ? true : undefined), 'the history after version 1');
    expect(again.seen).toEqual(['event@2', 'event@3']);
    expect(first.seen).toEqual(['event@1']);
  });

  it('resumes a view from a fresh snapshot after a drop, delivering it only when it moved on', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(STATS, 'store-1', handlers);
    const first = await server.connection(0);
    await answer(first, STATS, 'store-1', [snapshot(STATS, 'store-1', 3), event(STATS, 'store-1', 4)]);
    await eventually(() => (seen.length === 2 ? true : undefined), 'two deliveries');
    first.drop();

    // Views conflate, so they never resume by version: the snapshot says where the row is now.
    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    await answer(second, STATS, 'store-1', [snapshot(STATS, 'store-1', 4), event(STATS, 'store-1', 5)]);
    await eventually(() => (seen.length === 3 ? true : undefined), 'the event after the unchanged snapshot');
    second.drop();

    const third = await server.connection(2);
    await answer(third, STATS, 'store-1', [snapshot(STATS, 'store-1', 9), event(STATS, 'store-1', 8), event(STATS, 'store-1', 10)]);
    await eventually(() => (seen.length === 5 ? true : undefined), 'the newer snapshot and event');
    expect(seen).toEqual(['snapshot@3', 'event@4', 'event@5', 'snapshot@9', 'event@10']);
  });

  it('resumes an event stream after the last version delivered, dropping a repeat of it', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-1', handlers, { fromVersion: 10 });
    const first = await server.connection(0);
    expect(await first.frame('subscribe')).toEqual({ op: 'subscribe', id: expect.any(String), stream: CHAT, key: 'room-1', fromVersion: 10 });
    await answer(first, CHAT, 'room-1', [event(CHAT, 'room-1', 10), event(CHAT, 'room-1', 11), event(CHAT, 'room-1', 12)]);
    await eventually(() => (seen.length === 2 ? true : undefined), 'two events');
    first.drop();

    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toMatchObject({ stream: CHAT, key: 'room-1', fromVersion: 12 });
    await answer(second, CHAT, 'room-1', [event(CHAT, 'room-1', 12), event(CHAT, 'room-1', 13)]);
    await eventually(() => (seen.length === 3 ? true : undefined), 'the event after the drop');
    expect(seen).toEqual(['event@11', 'event@12', 'event@13']);
  });

  it('resumes an event stream that started from a snapshot after the versions it delivered', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    client.subscribe(CHAT, 'room-2', handlers);
    const first = await server.connection(0);
    expect((await first.frame('subscribe')).fromVersion).toBeUndefined();
    await answer(first, CHAT, 'room-2', [snapshot(CHAT, 'room-2', 5), event(CHAT, 'room-2', 6)]);
    await eventually(() => (seen.length === 2 ? true : undefined), 'snapshot and event');
    first.drop();
    const second = await server.connection(1);
    expect(await second.frame('subscribe')).toMatchObject({ key: 'room-2', fromVersion: 6 });
  });

  it('unsubscribes once: one unsubscribe frame, no more deliveries, no resubscribe after a drop', async () => {
    const client = server.client();
    const { seen, handlers } = recorder();
    await client.connect();
    const unsubscribe = client.subscribe(STATS, 'store-1', handlers);
    const first = await server.connection(0);
    await answer(first, STATS, 'store-1', [snapshot(STATS, 'store-1', 1)]);
    await eventually(() => (seen.length === 1 ? true : undefined), 'the snapshot');
    unsubscribe();
    unsubscribe();
    expect(await first.frame('unsubscribe')).toEqual({ op: 'unsubscribe', id: expect.any(String), stream: STATS, key: 'store-1' });
    first.send(event(STATS, 'store-1', 2));
    client.subscribe(STATS, 'store-9', {});
    first.drop();
    const second = await server.connection(1);
    await second.frame('subscribe', (frame) => frame.key === 'store-9');
    expect(first.frames.filter((frame) => frame.op === 'unsubscribe')).toHaveLength(1);
    expect(second.frames.filter((frame) => frame.op === 'subscribe' && frame.key === 'store-1')).toEqual([]);
    expect(seen).toEqual(['snapshot@1']);
  });

  it('ends a subscription the gateway refuses, with the typed error, and does not retry it', async () => {
    const client = server.client();
    const errors: unknown[] = [];
    await client.connect();
    client.subscribe(STATS, 'store-x', { onError: (error) => void errors.push(error) });
    const first = await server.connection(0);
    const frame = await first.frame('subscribe');
    first.send({ op: 'error', id: frame.id, code: 'FORBIDDEN', message: 'token lacks scope "subscribe:views.store_stats"', details: [] });
    await eventually(() => errors[0], 'the refusal');
    expect(errors[0]).toMatchObject({ name: 'ServerError', code: 'FORBIDDEN', requestId: frame.id, retriable: false });
    // Ended: the same stream + key may be subscribed again.
    expect(() => client.subscribe(STATS, 'store-x', {})).not.toThrow();
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
});
