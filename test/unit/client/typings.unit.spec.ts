/**
 * The typed client: with the generated EventlineSchema, command data is checked and a
 * stream's events narrow by `name`. What must not compile is marked @ts-expect-error, so the
 * build (`tsc`, run before the tests) fails when the typings stop catching it.
 */
import WebSocket from 'ws';
import { EventlineClient, type EventlineSchema, type EventMessage, type orders } from '../../../client';
import { eventually, ProtocolServer } from './protocol-server';

describe('EventlineClient typings', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('narrows chat.events by name and types views as the wire has them', async () => {
    const client = new EventlineClient<EventlineSchema>({ url: server.url, token: 't', WebSocket });
    const texts: string[] = [];
    let updatedAt: string | undefined;
    client.subscribe('chat.events', 'room-1', {
      onEvent: (event) => {
        if (event.name === 'MessagePosted') texts.push(event.data.text);
        // @ts-expect-error RoomCreated has no text
        else if (event.name === 'RoomCreated') texts.push(event.data.text);
      },
    });
    client.subscribe('views.store_stats', 'store-1', {
      onSnapshot: ({ data }) => void (updatedAt = data?.updatedAt),
      onEvent: (event: EventMessage<orders.StoreStats, 'StoreStats'>) => {
        // @ts-expect-error a view row carries no version inside its data
        void event.data.version;
        updatedAt = event.data.updatedAt;
      },
    });
    // @ts-expect-error no such stream
    expect(() => client.subscribe('views.nope', 'k', {})).not.toThrow();
    client.send({ domain: 'chat', name: 'PostMessage', key: 'room-1', data: { messageId: 'm-1', text: 'hi' } });
    // @ts-expect-error PostMessage needs a messageId
    client.send({ domain: 'chat', name: 'PostMessage', key: 'room-1', data: { text: 'hi' } });
    // @ts-expect-error orders has no PostMessage
    client.send({ domain: 'orders', name: 'PostMessage', key: 'room-1', data: { messageId: 'm-2', text: 'hi' } });
    await client.connect();
    const connection = await server.connection(0);
    const chat = await connection.frame('subscribe', (frame) => frame.stream === 'chat.events');
    connection.send([
      { op: 'subscribed', id: chat.id, stream: 'chat.events', key: 'room-1', version: 0 },
      { op: 'event', stream: 'chat.events', key: 'room-1', version: 1, name: 'MessagePosted', data: { messageId: 'm-1', seq: 1, author: 'u', text: 'hi' }, ts: '2026-01-01T00:00:00.000Z' },
    ]);
    const stats = await connection.frame('subscribe', (frame) => frame.stream === 'views.store_stats');
    connection.send([{ op: 'subscribed', id: stats.id, stream: 'views.store_stats', key: 'store-1' }, { op: 'snapshot', stream: 'views.store_stats', key: 'store-1', version: 2, data: { updatedAt: '2026-01-01T00:00:00.000Z' } }]);
    await eventually(() => (texts.length === 1 && updatedAt !== undefined ? true : undefined), 'the event and the snapshot');
    expect(texts).toEqual(['hi']);
    expect(updatedAt).toBe('2026-01-01T00:00:00.000Z');
    // Its commands were never answered: closing fails them and stops their timers.
    client.close();
  });

  it('is untyped without a schema: any stream, data unknown', () => {
    const client = new EventlineClient({ url: server.url, token: 't', WebSocket });
    const subscription = client.subscribe('anything.events', 'k', {
      onEvent: (event) => {
        // @ts-expect-error data is unknown until the caller narrows it
        void event.data.text;
      },
    });
    expect(subscription.state).toBe('subscribing');
    client.close();
  });
});
