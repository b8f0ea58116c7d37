/** The generic event history: one row per event as recorded, keyed `aggregateId:version`, for every domain. */
import { describe, expect, it } from '@jest/globals';
import { eventHistoryKey, projectAll } from '../../../domains';
import { ordersDomain } from '../../../domains/orders';
import { chatDomain } from '../../../domains/chat';
import { messagePosted, roomCreated, ROOM_ID } from './chat/fixtures';
import { recorded } from './support/records';

describe('event history projection', () => {
  const events = [
    recorded(roomCreated('alice'), ROOM_ID, 1, '2025-01-01T12:00:00Z', 'alice'),
    recorded(messagePosted('m1', 1, 'bob', 'hi'), ROOM_ID, 2, '2025-01-01T12:01:00Z', 'bob'),
    recorded(roomCreated('carol'), 'room:with:colons', 1, '2025-01-01T12:02:00Z', 'carol'),
  ];

  it('keeps every event once, by aggregate and version, with its envelope and data', () => {
    const rows = projectAll(chatDomain.eventHistory.projection, events);
    expect([...rows.keys()]).toEqual([`${ROOM_ID}:1`, `${ROOM_ID}:2`, 'room:with:colons:1']);
    expect(rows.get(eventHistoryKey(ROOM_ID, 2))).toEqual({
      aggregateId: ROOM_ID,
      aggregateVersion: 2,
      name: 'MessagePosted',
      data: { messageId: 'm1', seq: 1, author: 'bob', text: 'hi' },
      occurredAt: new Date('2025-01-01T12:01:00Z'),
      userId: 'bob',
      commandId: `cmd-${ROOM_ID}-2`,
    });
  });

  it('is one read model per domain, its row keys mapping to (aggregate_id, aggregate_version) even with colons in ids', () => {
    expect([ordersDomain.eventHistory.name, chatDomain.eventHistory.name]).toEqual(['orders_event_history', 'chat_event_history']);
    expect(chatDomain.eventHistory.primaryKeyOf('room:with:colons:12')).toEqual({ aggregateId: 'room:with:colons', aggregateVersion: 12 });
    expect(chatDomain.eventHistory.keyOf({ aggregateId: 'room:with:colons', aggregateVersion: 12 })).toBe('room:with:colons:12');
  });
});
