import net from 'node:net';
import { once } from 'node:events';
import { noDelaySocketFactory } from '../../../platform/kafka';

describe('noDelaySocketFactory', () => {
  it('connects with Nagle off and keep-alive on, as kafkajs would otherwise connect', async () => {
    const server = net.createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    const setKeepAlive = jest.spyOn(net.Socket.prototype, 'setKeepAlive');
    try {
      const { port } = server.address() as net.AddressInfo;
      let connected!: () => void;
      const connecting = new Promise<void>((resolve) => (connected = resolve));
      const socket = noDelaySocketFactory({ host: '127.0.0.1', port, ssl: undefined as never /* kafkajs passes none for plaintext */, onConnect: () => connected() });
      await connecting;
      expect(setNoDelay.mock.contexts).toContain(socket);
      expect(setNoDelay.mock.calls[setNoDelay.mock.contexts.indexOf(socket)]).toEqual([true]);
      expect(setKeepAlive.mock.contexts).toContain(socket);
      socket.destroy();
    } finally {
      setNoDelay.mockRestore();
      setKeepAlive.mockRestore();
      server.close();
    }
  });
});
