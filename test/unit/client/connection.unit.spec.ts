/** The SDK's connection: its states and events, reconnects with backoff, refused upgrades, connect() settling, close, option checks. */
import WebSocket from 'ws';
import {
  ClientClosedError,
  EventlineClient,
  MalformedFrameError,
  ServerError,
  UpgradeRefusedError,
  type ConnectingEvent,
  type DisconnectedEvent,
} from '../../../client';
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError, UnavailableError } from '../../../platform/errors';
import { BrowserLikeWebSocket, eventually, FAST, ProtocolServer, record } from './protocol-server';

describe('EventlineClient connection', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('sends the token in a header, not the URL, and reports connecting → connected → connecting → connected → disconnected', async () => {
    const client = server.client();
    const events = record(client);
    expect(client.state).toBe('disconnected');
    await client.connect();
    const first = await server.connection(0);
    expect(first.url.pathname).toBe('/ws');
    expect(first.url.search).toBe('');
    expect(server.upgrades[0]).toBe('test-token');
    expect(server.credentials[0]).toBe('header');
    first.drop();
    await server.connection(1);
    await eventually(() => (client.state === 'connected' ? true : undefined), 'the reconnect');
    client.close();
    expect(events.map(([name]) => name)).toEqual(['connecting', 'connected', 'connecting', 'connected', 'disconnected']);
    expect(events[0]![1]).toEqual({ code: 0, reason: 'connect() called', attempt: 0, delayMs: 0 });
    expect(events[1]![1]).toEqual({ reconnected: false });
    const lost = events[2]![1] as ConnectingEvent;
    expect(lost).toMatchObject({ code: 1006, attempt: 1 });
    expect(lost.delayMs).toBeLessThanOrEqual(FAST.reconnectInitialDelayMs);
    expect(events[3]![1]).toEqual({ reconnected: true });
    expect(events[4]![1]).toMatchObject({ code: 1000, reason: 'client closed', error: expect.any(ClientClosedError) });
    expect(client.state).toBe('disconnected');
  });

  it('sends the token as the bearer subprotocol where the WebSocket takes no headers (browsers)', async () => {
    const client = server.client({ WebSocket: BrowserLikeWebSocket });
    await client.connect();
    const connection = await server.connection(0);
    expect(connection.url.search).toBe('');
    expect({ token: server.upgrades[0], credential: server.credentials[0] }).toEqual({ token: 'test-token', credential: 'subprotocol' });
    expect(connection.protocol).toBe('eventline');
  });

  it('passes on the close code and reason of a connection the gateway closed', async () => {
    const client = server.client();
    const connecting: ConnectingEvent[] = [];
    client.on('connecting', (event) => void connecting.push(event));
    await client.connect();
    (await server.connection(0)).close(1013, 'send buffer full: read faster');
    await server.connection(1);
    expect(connecting[1]).toMatchObject({ code: 1013, reason: 'send buffer full: read faster', attempt: 1 });
  });

  it('keeps retrying a gateway that answers 503, with growing delays and a typed error each time', async () => {
    server.answer = new UnavailableError('the gateway is shutting down');
    const client = server.client();
    const delays: number[] = [];
    const errors: unknown[] = [];
    client.on('connecting', ({ delayMs, attempt }) => void (attempt > 0 && delays.push(delayMs)));
    client.on('error', (error) => void errors.push(error));
    const connected = client.connect();
    await eventually(() => (delays.length >= 4 ? true : undefined), 'four failed attempts');
    expect(errors[0]).toBeInstanceOf(UpgradeRefusedError);
    expect(errors[0]).toMatchObject({ status: 503, code: 'UNAVAILABLE', retriable: true, message: 'the gateway is shutting down' });
    server.answer = 'accept';
    await connected;
    expect(Math.max(...delays)).toBeLessThanOrEqual(FAST.reconnectMaxDelayMs);
  });

  it('waits at least Retry-After when the gateway refuses the socket with 429 RATE_LIMITED', async () => {
    server.answer = new RateLimitedError('a user may hold 1 sockets', { retryAfterSeconds: 1 });
    const client = server.client();
    const errors: unknown[] = [];
    const connecting: ConnectingEvent[] = [];
    client.on('error', (error) => void errors.push(error));
    client.on('connecting', (event) => void connecting.push(event));
    const connected = client.connect();
    await eventually(() => connecting[1], 'the retry after the refusal');
    expect(errors[0]).toMatchObject({ name: 'UpgradeRefusedError', status: 429, code: 'RATE_LIMITED', retryAfterMs: 1_000, retriable: true });
    expect(connecting[1]).toMatchObject({ attempt: 1, error: errors[0] });
    expect(connecting[1]!.delayMs).toBeGreaterThanOrEqual(1_000);
    server.answer = 'accept';
    await connected;
  });

  it('rejects connect() with the refusal when the token is refused and there is no getToken, and stops', async () => {
    server.answer = new UnauthorizedError('token expired');
    const client = server.client();
    const events = record(client);
    const waiting = client.command({ domain: 'orders', name: 'PayOrder', key: 'order-1', data: {} });
    const refusal = await client.connect().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UpgradeRefusedError);
    expect(refusal).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retriable: false, message: 'token expired' });
    await expect(waiting).rejects.toBe(refusal);
    expect(client.state).toBe('disconnected');
    expect(events.map(([name]) => name)).toEqual(['connecting', 'error', 'disconnected']);
    expect(events[2]![1] as DisconnectedEvent).toMatchObject({ code: 1006, error: refusal });
    await new Promise((resolve) => setTimeout(resolve, 5 * FAST.reconnectMaxDelayMs));
    expect(server.upgrades).toHaveLength(1);
    // A command now fails at once with the same reason; connect() starts over.
    await expect(client.command({ domain: 'orders', name: 'PayOrder', key: 'order-1', data: {} })).rejects.toBe(refusal);
    server.answer = 'accept';
    await client.connect();
  });

  it('gives up on 403 (an origin not allowed) even with getToken', async () => {
    server.answer = new ForbiddenError('origin https://evil.example is not allowed');
    const getToken = jest.fn(() => 'fresh');
    const client = server.client({ getToken });
    await expect(client.connect()).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(getToken).not.toHaveBeenCalled();
  });

  it('gives up on the gateway’s own 404 (a wrong path), but retries a plain 404 (a proxy, a gateway still starting)', async () => {
    server.answer = new NotFoundError('no WebSocket endpoint at /wrong (use /ws)');
    await expect(server.client().connect()).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', retriable: false });
    server.answer = { status: 404, body: 'Cannot GET /ws' };
    const client = server.client();
    const errors: unknown[] = [];
    client.on('error', (error) => void errors.push(error));
    const connected = client.connect();
    await eventually(() => (errors.length >= 2 ? true : undefined), 'two refused attempts');
    expect(errors[0]).toMatchObject({ status: 404, code: 'UPGRADE_REFUSED', retriable: true });
    server.answer = 'accept';
    await connected;
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
    expect(client.state).toBe('connected');
  });

  it('closes with 1000 and does not reconnect after close(); connect() starts again and resubscribes', async () => {
    const client = server.client();
    await client.connect();
    client.subscribe('views.store_stats', 'store-1', {});
    const first = await server.connection(0);
    await first.frame('subscribe');
    client.close();
    client.close();
    await first.closed;
    await new Promise((resolve) => setTimeout(resolve, 5 * FAST.reconnectMaxDelayMs));
    expect(server.connections).toHaveLength(1);
    await client.connect();
    expect(await (await server.connection(1)).frame('subscribe')).toMatchObject({ stream: 'views.store_stats', key: 'store-1' });
  });

  it('reconnect() drops the connection and dials again at once', async () => {
    const client = server.client({ reconnectInitialDelayMs: 60_000, reconnectMaxDelayMs: 60_000 });
    const connecting: ConnectingEvent[] = [];
    client.on('connecting', (event) => void connecting.push(event));
    await client.connect();
    client.reconnect();
    await server.connection(1);
    expect(connecting[1]).toEqual({ code: 1, reason: 'reconnect() called', attempt: 0, delayMs: 0 });
  });

  it('checks its options at construction', () => {
    const valid = { url: server.url, token: 't', WebSocket };
    expect(() => new EventlineClient({ ...valid, url: 'localhost:8080/ws' })).toThrow(TypeError);
    expect(() => new EventlineClient({ ...valid, url: 'http://localhost:8080/ws' })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => new EventlineClient({ ...valid, token: '' })).toThrow(/token/);
    expect(() => new EventlineClient({ ...valid, url: `${server.url}?token=t` })).toThrow(/must not carry \?token=/);
    expect(() => new EventlineClient({ url: server.url, WebSocket })).toThrow(/getToken/);
    expect(() => new EventlineClient({ ...valid, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => new EventlineClient({ ...valid, reconnectInitialDelayMs: 500, reconnectMaxDelayMs: 100 })).toThrow(/reconnectMaxDelayMs/);
    expect(() => new EventlineClient({ ...valid, pingIntervalMs: 1_000, pongTimeoutMs: 1_000 })).toThrow(/pongTimeoutMs/);
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
