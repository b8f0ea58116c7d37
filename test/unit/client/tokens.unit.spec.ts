/** The SDK's tokens: getToken when it has none, renewal over the live socket before expiry, setToken, and a new token after 401 / TOKEN_EXPIRED. */
import { TokenExpiredError, tokenExpiry, TokenRequestError, type ConnectingEvent, type DisconnectedEvent } from '../../../client';
import { UnauthorizedError } from '../../../platform/errors';
import { BrowserLikeWebSocket, eventually, FAST, ProtocolServer, record, tokenExpiringIn } from './protocol-server';

describe('EventlineClient tokens', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('reads a token’s exp without verifying it, and nothing from what is not a JWT', () => {
    const token = tokenExpiringIn(60_000);
    expect(Math.abs((tokenExpiry(token) as number) - (Date.now() + 60_000))).toBeLessThan(5_000);
    expect(tokenExpiry('not-a-jwt')).toBeUndefined();
    expect(tokenExpiry('a.%%%.c')).toBeUndefined();
  });

  it('asks getToken when it has no token, and keeps the token across a drop', async () => {
    const getToken = jest.fn(async () => 'from-getToken');
    const client = server.client({ token: undefined, getToken });
    await client.connect();
    (await server.connection(0)).drop();
    await server.connection(1);
    expect(server.upgrades).toEqual(['from-getToken', 'from-getToken']);
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('renews the token on the live socket before it expires (auth op), without reconnecting', async () => {
    let issued = 0;
    const getToken = jest.fn(() => tokenExpiringIn(400, `renewed-${(issued += 1)}`));
    const client = server.client({ token: tokenExpiringIn(400, 'first'), getToken });
    const events = record(client);
    await client.connect();
    const connection = await server.connection(0);
    const first = await connection.frame('auth');
    expect(first.token).toContain('.');
    connection.send({ op: 'authenticated', id: first.id, exp: 1_900_000_000 });
    // Renewed again before the renewed token expires: half-way through its life.
    const second = await connection.frame('auth', (frame) => frame.id !== first.id);
    connection.send({ op: 'authenticated', id: second.id, exp: 1_900_000_001 });
    await eventually(() => (events.filter(([name]) => name === 'renewed').length === 2 ? true : undefined), 'two renewals');
    expect(events.filter(([name]) => name === 'renewed').map(([, value]) => value)).toEqual([{ exp: 1_900_000_000 }, { exp: 1_900_000_001 }]);
    expect(server.connections).toHaveLength(1);
    expect(events.filter(([name]) => name === 'connected')).toHaveLength(1);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('sends setToken’s token with the auth op on a live socket, and dials with it otherwise', async () => {
    const client = server.client();
    client.setToken('set-before-connect');
    await client.connect();
    expect(server.upgrades).toEqual(['set-before-connect']);
    client.setToken('set-while-connected');
    expect(await (await server.connection(0)).frame('auth')).toEqual({ op: 'auth', id: expect.any(String), token: 'set-while-connected' });
    expect(() => client.setToken('')).toThrow(TypeError);
  });

  it('reports a refused renewal and tries again, keeping the connection', async () => {
    let issued = 0;
    const client = server.client({ token: tokenExpiringIn(300), getToken: () => tokenExpiringIn(60_000, `t${(issued += 1)}`) });
    const errors: unknown[] = [];
    client.on('error', (error) => void errors.push(error));
    await client.connect();
    const connection = await server.connection(0);
    const refused = await connection.frame('auth');
    connection.send({ op: 'error', id: refused.id, code: 'FORBIDDEN', message: 'a renewed token must be for the same user', details: [] });
    await connection.frame('auth', (frame) => frame.id !== refused.id);
    expect(errors).toEqual([expect.objectContaining({ name: 'ServerError', code: 'FORBIDDEN', requestId: refused.id })]);
    expect(server.connections).toHaveLength(1);
  });

  it('after TOKEN_EXPIRED and close 4001 gets a new token and resumes, subscriptions included', async () => {
    let issued = 0;
    const client = server.client({ token: 'first', getToken: () => `fresh-${(issued += 1)}` });
    const connecting: ConnectingEvent[] = [];
    client.on('connecting', (event) => void connecting.push(event));
    client.subscribe('chat.events', 'room-1', {}, { fromVersion: 7 });
    await client.connect();
    const first = await server.connection(0);
    await first.frame('subscribe');
    first.send({ op: 'error', id: null, code: 'TOKEN_EXPIRED', message: 'token expired', details: [] });
    first.close(4001, 'token expired');
    const second = await server.connection(1);
    expect(server.upgrades).toEqual(['first', 'fresh-1']);
    expect(connecting[1]).toMatchObject({ code: 4001, reason: 'token expired', error: expect.objectContaining({ code: 'TOKEN_EXPIRED' }) });
    expect(await second.frame('subscribe')).toMatchObject({ stream: 'chat.events', key: 'room-1', fromVersion: 7 });
  });

  it('stops with disconnected 4001 when the token expires and there is no getToken', async () => {
    const client = server.client();
    const events = record(client);
    await client.connect();
    const connection = await server.connection(0);
    connection.send({ op: 'error', id: null, code: 'TOKEN_EXPIRED', message: 'token expired', details: [] });
    connection.close(4001, 'token expired');
    await eventually(() => (client.state === 'disconnected' ? true : undefined), 'disconnected');
    expect(events.map(([name]) => name)).toEqual(['connecting', 'connected', 'error', 'disconnected']);
    expect(events[3]![1] as DisconnectedEvent).toMatchObject({ code: 4001, error: { code: 'TOKEN_EXPIRED' } });
  });

  it('after a 401 asks getToken again and connects with the new token', async () => {
    server.answer = (token) => (token === 'expired' ? new UnauthorizedError('token expired') : 'accept');
    const client = server.client({ token: 'expired', getToken: () => 'fresh' });
    const errors: unknown[] = [];
    client.on('error', (error) => void errors.push(error));
    await client.connect();
    expect(server.upgrades).toEqual(['expired', 'fresh']);
    expect(errors).toEqual([expect.objectContaining({ name: 'UpgradeRefusedError', status: 401, code: 'UNAUTHORIZED' })]);
  });

  it('retries when getToken fails, reporting TokenRequestError', async () => {
    let calls = 0;
    const client = server.client({
      token: undefined,
      getToken: () => {
        calls += 1;
        if (calls === 1) throw new Error('identity provider down');
        return 'fresh';
      },
    });
    const errors: unknown[] = [];
    const connecting: ConnectingEvent[] = [];
    client.on('error', (error) => void errors.push(error));
    client.on('connecting', (event) => void connecting.push(event));
    await client.connect();
    expect(errors).toEqual([expect.any(TokenRequestError)]);
    expect((errors[0] as Error).message).toContain('identity provider down');
    expect(connecting[1]).toMatchObject({ code: 2, attempt: 1 });
    expect(server.upgrades).toEqual(['fresh']);
  });

  describe('where a refused upgrade’s status is invisible (browsers)', () => {
    it('takes a failed attempt with an expired token for TOKEN_EXPIRED: stops without getToken', async () => {
      server.answer = new UnauthorizedError('token expired');
      const client = server.client({ token: tokenExpiringIn(-1_000), WebSocket: BrowserLikeWebSocket });
      await expect(client.connect()).rejects.toBeInstanceOf(TokenExpiredError);
      expect(server.upgrades).toHaveLength(1);
    });

    it('takes a failed attempt with an expired token for TOKEN_EXPIRED: asks getToken', async () => {
      const expired = tokenExpiringIn(-1_000);
      server.answer = (token) => (token === expired ? new UnauthorizedError('token expired') : 'accept');
      const client = server.client({ token: expired, getToken: () => 'fresh', WebSocket: BrowserLikeWebSocket });
      await client.connect();
      expect(server.upgrades).toEqual([expired, 'fresh']);
    });

    it('retries other failed attempts as network failures', async () => {
      server.answer = new UnauthorizedError('bad signature');
      const client = server.client({ WebSocket: BrowserLikeWebSocket });
      const connecting: ConnectingEvent[] = [];
      client.on('connecting', (event) => void connecting.push(event));
      void client.connect().catch(() => undefined);
      await eventually(() => connecting[3], 'three retries');
      expect(connecting[3]).toMatchObject({ code: 1006, attempt: 3 });
      expect(connecting[3]!.error).toBeUndefined();
      expect(FAST.reconnectMaxDelayMs).toBeGreaterThanOrEqual(connecting[3]!.delayMs);
    });
  });
});
