/** `rooms`: one row per room with its message count, for room lists. */
import type { RecordedEvent } from '../../../decider';
import { notRouted, requireRow, type Projection } from '../../../projection';
import type { ChatEvent } from '../../state';

export interface RoomRow {
  readonly roomId: string;
  readonly title: string;
  readonly createdBy: string;
  /** Open only to members (room_members). */
  readonly private: boolean;
  readonly createdAt: Date;
  readonly messageCount: number;
  readonly lastSeq: number;
  /** When the room was created or last got a message; edits do not count as activity. */
  readonly updatedAt: Date;
}

export const roomsProjection: Projection<RoomRow, RecordedEvent<ChatEvent>> = {
  name: 'rooms',
  // Edits and members change no room column, so they cost the rooms table nothing.
  keyOf: (event) => (event.type === 'MessageEdited' || event.type === 'MemberAdded' ? null : event.aggregateId),
  apply(row, event) {
    const at = event.occurredAt;
    switch (event.type) {
      case 'RoomCreated': {
        const { title, createdBy } = event.data;
        return { roomId: event.aggregateId, title, createdBy, private: event.data.private, createdAt: at, messageCount: 0, lastSeq: 0, updatedAt: at };
      }
      case 'MessagePosted': {
        const room = requireRow(row, 'rooms', event);
        return { ...room, messageCount: room.messageCount + 1, lastSeq: event.data.seq, updatedAt: at };
      }
      case 'MessageEdited':
      case 'MemberAdded':
        return notRouted('rooms', event);
    }
  },
};
