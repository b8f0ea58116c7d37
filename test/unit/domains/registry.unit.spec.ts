import { describe, expect, it } from '@jest/globals';
import { domains, findCommand, findDomain, findReadModelOfDomain } from '../../../domains';

describe('domain registry', () => {
  // The reference domains come first; a project's own domains follow them.
  const reference = domains.filter((domain) => domain.name === 'orders' || domain.name === 'chat');

  it('lists the reference domains with their topics, keys and records', () => {
    expect(
      reference.map(({ name, namespace, aggregateKey, snapshotRecord, commandNames, eventNames }) => ({
        name,
        namespace,
        aggregateKey,
        snapshotRecord,
        commandNames,
        eventNames,
      })),
    ).toEqual([
      {
        name: 'orders',
        namespace: 'eventline.orders',
        aggregateKey: 'orderId',
        snapshotRecord: 'OrderSnapshot',
        commandNames: ['PlaceOrder', 'PayOrder', 'ShipOrder', 'CancelOrder'],
        eventNames: ['OrderPlaced', 'OrderPaid', 'OrderShipped', 'OrderCancelled'],
      },
      {
        name: 'chat',
        namespace: 'eventline.chat',
        aggregateKey: 'roomId',
        snapshotRecord: 'ChatRoomSnapshot',
        commandNames: ['CreateRoom', 'AddMember', 'PostMessage', 'EditMessage'],
        eventNames: ['RoomCreated', 'MemberAdded', 'MessagePosted', 'MessageEdited'],
      },
    ]);
  });

  it('names every read model once, and only store_stats is a view', () => {
    const projections = reference.flatMap((domain) => domain.projections.map(({ name, view }) => ({ name, view })));
    expect(projections).toEqual([
      { name: 'orders', view: undefined },
      { name: 'store_stats', view: 'store_stats' },
      { name: 'orders_event_history', view: undefined },
      { name: 'rooms', view: undefined },
      { name: 'room_members', view: undefined },
      { name: 'messages', view: undefined },
      { name: 'chat_event_history', view: undefined },
    ]);
  });

  it('finds domains, commands and read models by name', () => {
    const orders = findDomain('orders');
    expect(orders?.aggregateKey).toBe('orderId');
    expect(findDomain('billing')).toBeUndefined();
    expect(orders && findCommand(orders, 'PayOrder')).toBe('PayOrder');
    expect(orders && findCommand(orders, 'PostMessage')).toBeUndefined();
    expect(orders && findCommand(orders, 'toString')).toBeUndefined();
    expect(findReadModelOfDomain('messages')?.domain.name).toBe('chat');
    expect(findReadModelOfDomain('store_stats')?.model.view).toBe('store_stats');
    expect(findReadModelOfDomain('carts')).toBeUndefined();
  });
});
