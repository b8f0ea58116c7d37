/** The SDK's connection: token on the URL, state events, reconnect with backoff, stray errors, close, option checks. */
import WebSocket from 'ws';
import { EventlineClient, MalformedFrameError, ServerError, type StateChange } from '../../../client';
import { eventually, FAST_RECONNECT, ProtocolServer } from './protocol-server';

describe('EventlineClient connection', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('puts the token on the URL, asking a token function again for every connection', async () => {
    let issued = 0;
    const client = server.client({ token: async () => `token-${(issued += 1)}` });
    await client.connect();
    const first = await server.connection(0);
    expect(first.url.pathname).toBe('/ws');
    expect(first.url.searchParams.get('token')).toBe('token-1');
    first.drop();
    expect((await server.connection(1)).url.searchParams.get('token')).toBe('token-2');
  });

  it('reports connecting → open → reconnecting → open → closed', async () => {
    const client = server.client();
    const changes: StateChange[] = [];
    client.on('state', (change) => void changes.push(change));
    await client.connect();
    (await server.connection(0)).drop();
    await server.connection(1);
    await eventually(() => (client.state === 'open' ? true : undefined), 'the reconnect');
    client.close();
    expect(changes.map(({ state }) => state)).toEqual(['connecting', 'open', 'reconnecting', 'open', 'closed']);
    const reconnecting = changes[2]!;
    expect(reconnecting.attempt).toBe(1);
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(FAST_RECONNECT.reconnectInitialDelayMs / 2);
    expect(reconnecting.delayMs).toBeLessThanOrEqual(FAST_RECONNECT.reconnectInitialDelayMs);
    expect(changes[3]).toEqual({ state: 'open', attempt: 0 });
  });

  it('keeps retrying, with growing delays, while the gateway refuses the upgrade', async () => {
    server.refuseUpgrades = true;
    const client = server.client();
    const delays: number[] = [];
    client.on('state', (change) => void (change.delayMs !== undefined && delays.push(change.delayMs)));
    const connected = client.connect();
    await eventually(() => (delays.length >= 4 ? true : undefined), 'four failed attempts');
    expect(server.connections).toHaveLength(0);
    server.refuseUpgrades = false;
    await connected;
    expect(delays[0]).toBeLessThanOrEqual(FAST_RECONNECT.reconnectInitialDelayMs);
    expect(delays[3]).toBeGreaterThanOrEqual(FAST_RECONNECT.reconnectMaxDelayMs / 2);
    expect(Math.max(...delays)).toBeLessThanOrEqual(FAST_RECONNECT.reconnectMaxDelayMs);
  });

  it('reports malformed frames and error replies no request owns, and carries on', async () => {
    const client = server.client();
    const errors: Error[] = [];
    client.on('error', (error) => void errors.push(error));
    await client.connect();
    const connection = await server.connection(0);
    connection.sendRaw('{"op":');
    connection.sendRaw(Buffer.from([1, 2, 3]));
    connection.sendRaw('[{"op":"ack","id":"x","partition":0,"offset":"1"},{"no":"op"}]');
    connection.send({ op: 'error', id: null, code: 'BAD_REQUEST', message: 'frame is not valid JSON', details: [] });
    connection.send({ op: 'error', id: 'unknown-request', code: 'RATE_LIMITED', message: 'slow down', details: [] });
    await eventually(() => (errors.length === 5 ? true : undefined), 'five errors');
    expect(errors.slice(0, 3).every((error) => error instanceof MalformedFrameError)).toBe(true);
    expect(errors[3]).toBeInstanceOf(ServerError);
    expect(errors[4]).toMatchObject({ code: 'RATE_LIMITED', requestId: 'unknown-request' });
    expect(client.state).toBe('open');
  });

  it('retries after a token function that throws, reporting the failure', async () => {
    let calls = 0;
    const client = server.client({
      token: () => {
        calls += 1;
        if (calls === 1) throw new Error('identity provider down');
        return 'fresh';
      },
    });
    const errors: Error[] = [];
    client.on('error', (error) => void errors.push(error));
    await client.connect();
    expect(errors.map((error) => error.message)).toEqual(['identity provider down']);
    expect((await server.connection(0)).url.searchParams.get('token')).toBe('fresh');
  });

  it('closes with 1000 and never reconnects after close()', async () => {
    const client = server.client();
    await client.connect();
    const connection = await server.connection(0);
    client.close();
    await connection.closed;
    await new Promise((resolve) => setTimeout(resolve, 5 * FAST_RECONNECT.reconnectMaxDelayMs));
    expect(server.connections).toHaveLength(1);
    expect(client.state).toBe('closed');
    expect(() => client.subscribe('views.store_stats', 'store-1', {})).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });

  it('checks its options at construction', () => {
    const valid = { url: server.url, token: 't', WebSocket };
    expect(() => new EventlineClient({ ...valid, url: 'localhost:8080/ws' })).toThrow(TypeError);
    expect(() => new EventlineClient({ ...valid, url: 'http://localhost:8080/ws' })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => new EventlineClient({ ...valid, token: '' })).toThrow(/token/);
    expect(() => new EventlineClient({ ...valid, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => new EventlineClient({ ...valid, reconnectInitialDelayMs: 500, reconnectMaxDelayMs: 100 })).toThrow(/reconnectMaxDelayMs/);
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => new EventlineClient({ url: server.url, token: 't' })).toThrow(/`ws` package/);
    } finally {
      if (saved !== undefined) global.WebSocket = saved;
    }
  });
});
