/**
 * Load process: one user's attack on a gateway — `httpClients` HTTP clients sending an
 * oversized command back to back, and one socket sending it as a frame each time the gateway
 * answers the last — counting the refusals and the largest error reply.
 */
import { randomUUID } from 'node:crypto';
import { serveLoad } from '../harness/load-child';
import { openSockets } from './open-sockets';

export interface HostileClientsParams {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly token: string;
  readonly httpClients: number;
}

/** Just under the 64 KiB frame and body limits: a PlaceOrder of 21,000 empty lines. */
function oversizedCommand(): { frame: string; body: string } {
  const data = { storeId: 's', items: Array.from({ length: 21_000 }, () => ({})), currency: 'EUR' };
  const id = randomUUID();
  return {
    frame: JSON.stringify({ op: 'command', id, domain: 'orders', name: 'PlaceOrder', key: 'order-x', data }),
    body: JSON.stringify({ id, key: 'order-x', data }),
  };
}

serveLoad<HostileClientsParams>(async (params) => {
  const counters = { refused: 0, largestReplyBytes: 0 };
  const seen = (bytes: number): void => {
    counters.refused += 1;
    counters.largestReplyBytes = Math.max(counters.largestReplyBytes, bytes);
  };
  const { frame, body } = oversizedCommand();
  let attacking = true;
  const httpClient = async (): Promise<void> => {
    while (attacking) {
      const response = await fetch(`${params.httpUrl}/api/commands/orders/PlaceOrder`, {
        method: 'POST',
        headers: { authorization: `Bearer ${params.token}`, 'content-type': 'application/json' },
        body,
      });
      seen((await response.text()).length);
    }
  };
  const [socket] = await openSockets({ url: params.wsUrl, token: params.token, count: 1 });
  socket!.on('message', (data: Buffer) => {
    seen(data.length);
    if (attacking) socket!.send(frame);
  });
  socket!.send(frame);
  const clients = Array.from({ length: params.httpClients }, httpClient);
  return {
    counters: () => ({ ...counters }),
    stop: async () => {
      attacking = false;
      await Promise.all(clients);
      socket!.terminate();
    },
  };
});
