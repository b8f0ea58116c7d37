import { describe, expect, it } from '@jest/globals';
import { InternalError } from '../../../../platform/errors';
import { memberKey, messageKey, messagesProjection, roomMembersProjection, roomsProjection, type MessageRow } from '../../../../domains/chat';
import { projectAll } from '../../../../domains/projection';
import { recorded } from '../support/records';
import { memberAdded, messageEdited, messagePosted, roomCreated, ROOM_ID } from './fixtures';

const history = [
  recorded(roomCreated('alice'), ROOM_ID, 1, '2025-01-01T12:00:00Z'),
  recorded(messagePosted('m1', 1, 'alice', 'hello'), ROOM_ID, 2, '2025-01-01T12:01:00Z', 'alice'),
  recorded(roomCreated('carol'), 'room-2', 1, '2025-01-01T12:01:30Z', 'carol'),
  recorded(messagePosted('m2', 2, 'bob', 'hi'), ROOM_ID, 3, '2025-01-01T12:02:00Z', 'bob'),
  recorded(messageEdited('m1', 1, 'alice', 'hello all'), ROOM_ID, 4, '2025-01-01T12:03:00Z', 'alice'),
  recorded(messagePosted('m1', 1, 'carol', 'first in room 2'), 'room-2', 2, '2025-01-01T12:04:00Z', 'carol'),
  recorded(messageEdited('m1', 1, 'alice', 'hello everyone'), ROOM_ID, 5, '2025-01-01T12:05:00Z', 'alice'),
];

describe('rooms projection', () => {
  it('counts messages per room; edits are not room activity', () => {
    const rooms = projectAll(roomsProjection, history);
    expect(rooms.get(ROOM_ID)).toEqual({
      roomId: ROOM_ID,
      title: 'General',
      createdBy: 'alice',
      private: false,
      createdAt: new Date('2025-01-01T12:00:00Z'),
      messageCount: 2,
      lastSeq: 2,
      updatedAt: new Date('2025-01-01T12:02:00Z'),
    });
    expect(rooms.get('room-2')).toMatchObject({ createdBy: 'carol', messageCount: 1, lastSeq: 1 });
    expect(roomsProjection.keyOf(history[4]!)).toBeNull();
  });

  it('refuses to invent a room it never saw created', () => {
    expect(() => roomsProjection.apply(undefined, history[1]!)).toThrow(InternalError);
  });
});

describe('room_members projection', () => {
  it('keeps the creator and every added user of a private room, and nothing of public rooms', () => {
    const members = projectAll(roomMembersProjection, [
      recorded(roomCreated('alice', true), 'secret:room', 1, '2025-01-01T12:00:00Z', 'alice'),
      recorded(memberAdded('bob', 'alice'), 'secret:room', 2, '2025-01-01T12:01:00Z', 'alice'),
      recorded(messagePosted('m1', 1, 'bob', 'hi'), 'secret:room', 3, '2025-01-01T12:02:00Z', 'bob'),
      ...history,
    ]);
    expect([...members.keys()]).toEqual([memberKey('secret:room', 'alice'), memberKey('secret:room', 'bob')]);
    expect(members.get(memberKey('secret:room', 'bob'))).toEqual({ roomId: 'secret:room', userId: 'bob', addedBy: 'alice', addedAt: new Date('2025-01-01T12:01:00Z') });
  });

  it('keys members unambiguously whatever the room and user ids hold', () => {
    expect(memberKey('a:b', 'c')).not.toBe(memberKey('a', 'b:c'));
  });
});

describe('messages projection', () => {
  it('keeps one row per message keyed by room and seq, with the latest edit', () => {
    const messages = projectAll(messagesProjection, history);
    const roomOne = [...messages.values()].filter((row) => row.roomId === ROOM_ID).sort((a, b) => a.seq - b.seq);
    const expected: MessageRow[] = [
      {
        roomId: ROOM_ID,
        seq: 1,
        messageId: 'm1',
        author: 'alice',
        text: 'hello everyone',
        postedAt: new Date('2025-01-01T12:01:00Z'),
        editedAt: new Date('2025-01-01T12:05:00Z'),
      },
      {
        roomId: ROOM_ID,
        seq: 2,
        messageId: 'm2',
        author: 'bob',
        text: 'hi',
        postedAt: new Date('2025-01-01T12:02:00Z'),
        editedAt: null,
      },
    ];
    expect(roomOne).toEqual(expected);
    expect(messages.get(messageKey('room-2', 1))).toMatchObject({ messageId: 'm1', author: 'carol', text: 'first in room 2' });
    expect([...messages.keys()].sort()).toEqual(['room-1:1', 'room-1:2', 'room-2:1']);
  });

  it('ignores room creation and refuses edits of messages it never saw posted', () => {
    expect(messagesProjection.keyOf(history[0]!)).toBeNull();
    expect(() => messagesProjection.apply(undefined, history[4]!)).toThrow(InternalError);
  });
});
