/**
 * The SDK states the wire protocol itself (it has no dependencies); this keeps it in step
 * with the gateway: messages built by the gateway's own builders reach the SDK's callers as
 * the gateway meant them. Subscription messages join once the gateway builds them.
 */
import type { ServerMessage } from '../../../client';
import { ackMessage, errorMessage, outcomeMessage, pongMessage, toWireError, type AckMessage, type OutcomeMessage, type PongMessage } from '../../../gateway/protocol';
import { InvalidCommandError, RateLimitedError } from '../../../platform/errors';
import type { eventline } from '../../../schemas';
import { ProtocolServer } from './protocol-server';

// Compile time: each message type the gateway declares is one the SDK reads. (Error codes are
// typed wider on the gateway, which also knows its internal codes; the runtime test covers them.)
type Fits<T extends ServerMessage> = T;
export type GatewayMessagesFit = Fits<AckMessage> | Fits<OutcomeMessage> | Fits<PongMessage>;

function decided(commandId: string, status: eventline.CommandOutcome['status']): eventline.CommandOutcome {
  return {
    commandId,
    domain: 'orders',
    commandName: 'PayOrder',
    aggregateId: 'order-1',
    userId: 'user-1',
    status,
    reason: status === 'REJECTED' ? 'order already paid' : null,
    version: 2,
    events: status === 'ACCEPTED' ? ['OrderPaid'] : [],
    eventsPartition: 0,
    firstEventOffset: 4,
    lastEventOffset: 4,
    decidedAt: new Date(),
  };
}

describe('gateway messages through the SDK', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('resolves acks and outcomes, accepted and rejected, built by the gateway', async () => {
    const client = server.client();
    await client.connect();
    const paid = client.send({ domain: 'orders', name: 'PayOrder', key: 'order-1', data: { amountCents: 100 }, id: 'a' });
    const again = client.send({ domain: 'orders', name: 'PayOrder', key: 'order-1', data: { amountCents: 100 }, id: 'b' });
    const connection = await server.connection(0);
    await connection.frame('command', (frame) => frame.id === 'b');
    connection.send([ackMessage('a', 1, '10'), ackMessage('b', 1, '11'), outcomeMessage(decided('a', 'ACCEPTED')), outcomeMessage(decided('b', 'REJECTED')), pongMessage('p')]);
    await expect(paid.ack).resolves.toEqual({ op: 'ack', id: 'a', partition: 1, offset: '10' });
    await expect(paid.outcome).resolves.toEqual({ op: 'outcome', id: 'a', status: 'accepted', version: 2, events: ['OrderPaid'] });
    await expect(again.outcome).resolves.toEqual({ op: 'outcome', id: 'b', status: 'rejected', reason: 'order already paid' });
  });

  it('maps the gateway’s error replies to ServerError with code, details and retriable', async () => {
    const client = server.client();
    await client.connect();
    const invalid = client.command({ domain: 'orders', name: 'PlaceOrder', key: 'order-2', data: {}, id: 'c' });
    const limited = client.command({ domain: 'orders', name: 'PlaceOrder', key: 'order-3', data: {}, id: 'd' });
    const connection = await server.connection(0);
    await connection.frame('command', (frame) => frame.id === 'd');
    const issues = [{ path: 'data.storeId', expected: 'string', message: 'is missing' }];
    // Raw: the gateway types its codes wider than the wire carries (see above).
    connection.sendRaw(JSON.stringify([errorMessage('c', toWireError(new InvalidCommandError('PlaceOrder data is invalid', issues))), errorMessage('d', toWireError(new RateLimitedError('too many frames')))]));
    await expect(invalid).rejects.toMatchObject({ name: 'ServerError', code: 'INVALID_COMMAND', details: issues, retriable: false, message: 'PlaceOrder data is invalid' });
    await expect(limited).rejects.toMatchObject({ code: 'RATE_LIMITED', retriable: true });
  });
});
