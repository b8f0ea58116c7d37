/**
 * `room_members`: one row per member of a private room — its creator, then everyone added —
 * so a read or a subscription asks one indexed question: is this user a member?
 */
import type { RecordedEvent } from '../../../decider';
import { notRouted, type Projection } from '../../../projection';
import type { ChatEvent } from '../../state';

export interface RoomMemberRow {
  readonly roomId: string;
  readonly userId: string;
  readonly addedBy: string;
  readonly addedAt: Date;
}

/**
 * Row key `${roomId.length}:${roomId}:${userId}`: room ids and user ids may both hold any
 * character, so the room id's length says where it ends.
 */
export function memberKey(roomId: string, userId: string): string {
  return `${roomId.length}:${roomId}:${userId}`;
}

export const roomMembersProjection: Projection<RoomMemberRow, RecordedEvent<ChatEvent>> = {
  name: 'room_members',
  keyOf(event) {
    if (event.type === 'RoomCreated') return event.data.private ? memberKey(event.aggregateId, event.data.createdBy) : null;
    return event.type === 'MemberAdded' ? memberKey(event.aggregateId, event.data.userId) : null;
  },
  apply(_row, event) {
    switch (event.type) {
      case 'RoomCreated':
        return { roomId: event.aggregateId, userId: event.data.createdBy, addedBy: event.data.createdBy, addedAt: event.occurredAt };
      case 'MemberAdded':
        return { roomId: event.aggregateId, userId: event.data.userId, addedBy: event.data.addedBy, addedAt: event.occurredAt };
      case 'MessagePosted':
      case 'MessageEdited':
        return notRouted('room_members', event);
    }
  },
};
