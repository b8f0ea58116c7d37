/** The SDK notices a dead or frozen gateway: pings on a quiet connection, a silent one dropped; an attempt that never opens abandoned. */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ConnectTimeoutError, PingTimeoutError, type ConnectingEvent } from '../../../client';
import { eventually, ProtocolServer } from './protocol-server';

/** Short, yet far above the event-loop lag of a busy test machine: the server here answers at once. */
const QUICK_LIVENESS = { pingIntervalMs: 200, pongTimeoutMs: 150 } as const;

describe('EventlineClient liveness', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('pings a quiet connection and keeps it while pongs come back', async () => {
    const client = server.client(QUICK_LIVENESS);
    await client.connect();
    const connection = await server.connection(0);
    await eventually(() => (connection.frames.filter((frame) => frame.op === 'ping').length >= 3 ? true : undefined), 'three pings');
    expect(connection.frames.find((frame) => frame.op === 'ping')).toEqual({ op: 'ping', id: expect.any(String) });
    expect(server.connections).toHaveLength(1);
    expect(client.state).toBe('connected');
  });

  it('drops a connection that goes silent (a frozen gateway) and dials again, resubscribing', async () => {
    const client = server.client(QUICK_LIVENESS);
    const errors: unknown[] = [];
    const connecting: ConnectingEvent[] = [];
    client.on('error', (error) => void errors.push(error));
    client.on('connecting', (event) => void connecting.push(event));
    client.subscribe('chat.events', 'room-1', {}, { fromVersion: 3 });
    await client.connect();
    const frozen = await server.connection(0);
    frozen.answerPings = false;
    const second = await server.connection(1);
    expect(errors[0]).toBeInstanceOf(PingTimeoutError);
    expect(errors[0]).toMatchObject({ code: 'PING_TIMEOUT', retriable: true });
    expect(connecting[1]).toMatchObject({ code: 1006, attempt: 1, error: errors[0] });
    expect(await second.frame('subscribe')).toMatchObject({ key: 'room-1', fromVersion: 3 });
  });

  describe('against a server that accepts TCP connections and never answers the upgrade', () => {
    let mute: Server;
    const sockets: Socket[] = [];
    beforeEach(async () => {
      mute = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => mute.close(resolve));
    });

    it('abandons an attempt that does not open within connectTimeoutMs and tries again', async () => {
      const url = `ws://127.0.0.1:${(mute.address() as AddressInfo).port}/ws`;
      const client = server.client({ url, connectTimeoutMs: 50 });
      const errors: unknown[] = [];
      client.on('error', (error) => void errors.push(error));
      void client.connect().catch(() => undefined);
      await eventually(() => (sockets.length >= 2 ? true : undefined), 'a second attempt');
      expect(errors[0]).toBeInstanceOf(ConnectTimeoutError);
      expect(client.state).toBe('connecting');
      client.close();
    });
  });
});
