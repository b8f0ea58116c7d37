/**
 * The gateway builds its messages in the SDK's own wire types (client/protocol.ts); this checks
 * at run time that what its builders make reaches the SDK's callers as the gateway meant it.
 */
import {
  ackMessage,
  authenticatedMessage,
  endedMessage,
  errorMessage,
  eventMessage,
  outcomeMessage,
  pongMessage,
  snapshotMessage,
  subscribedMessage,
  toWireError,
} from '../../../gateway/protocol';
import { ForbiddenError } from '../../../platform/errors';
import { InvalidCommandError, RateLimitedError } from '../../../platform/errors';
import type { eventline } from '../../../schemas';
import { eventually, ProtocolServer } from './protocol-server';

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
    connection.send([errorMessage('c', toWireError(new InvalidCommandError('PlaceOrder data is invalid', issues))), errorMessage('d', toWireError(new RateLimitedError('too many frames')))]);
    await expect(invalid).rejects.toMatchObject({ name: 'ServerError', code: 'INVALID_COMMAND', details: issues, retriable: false, message: 'PlaceOrder data is invalid' });
    await expect(limited).rejects.toMatchObject({ code: 'RATE_LIMITED', retriable: true });
  });

  it('follows subscriptions through the gateway’s subscribed, snapshot, event and unsubscribed messages, and renewals through authenticated', async () => {
    const client = server.client({ getToken: () => 'renewed' });
    const seen: string[] = [];
    const renewed: number[] = [];
    client.on('renewed', ({ exp }) => void renewed.push(exp));
    await client.connect();
    client.subscribe('views.store_stats', 'store-1', {
      onSubscribed: ({ recovered }) => void seen.push(`subscribed recovered=${recovered}`),
      onSnapshot: ({ version, data }) => void seen.push(`snapshot@${version} ${JSON.stringify(data)}`),
      onEvent: ({ version, name, ts }) => void seen.push(`event@${version} ${name} ${ts}`),
      onUnsubscribed: ({ reason, error }) => void seen.push(`unsubscribed ${reason} ${error?.code}`),
    });
    client.setToken('set');
    const connection = await server.connection(0);
    const subscribe = await connection.frame('subscribe');
    const auth = await connection.frame('auth');
    const at = new Date('2026-01-02T03:04:05.678Z');
    connection.send([
      subscribedMessage(subscribe.id, 'views.store_stats', 'store-1', undefined),
      snapshotMessage('views.store_stats', 'store-1', 0, null),
      eventMessage('views.store_stats', 'store-1', 1, 'StoreStats', { storeId: 'store-1' }, at),
      authenticatedMessage(auth.id, 1_900_000_000),
      endedMessage('views.store_stats', 'store-1', toWireError(new ForbiddenError('the renewed token does not grant this subscription'))),
    ]);
    await eventually(() => (seen.length === 4 && renewed.length === 1 ? true : undefined), 'every message');
    expect(seen).toEqual(['subscribed recovered=false', 'snapshot@0 null', 'event@1 StoreStats 2026-01-02T03:04:05.678Z', 'unsubscribed server FORBIDDEN']);
    expect(renewed).toEqual([1_900_000_000]);
  });
});
