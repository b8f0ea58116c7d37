/** `messages`: one row per message in room order, for history pages (`afterSeq`, `limit`). */
import type { RecordedEvent } from '../../../decider';
import { notRouted, requireRow, type Projection } from '../../../projection';
import type { ChatEvent } from '../../state';

export interface MessageRow {
  readonly roomId: string;
  readonly seq: number;
  readonly messageId: string;
  readonly author: string;
  readonly text: string;
  readonly postedAt: Date;
  readonly editedAt: Date | null;
}

/**
 * Row key `${roomId}:${seq}`: unique because seq is unique per room, and unambiguous because
 * seq (after the last colon) is a number. Edits carry the seq, so they find their row.
 */
export function messageKey(roomId: string, seq: number): string {
  return `${roomId}:${seq}`;
}

export const messagesProjection: Projection<MessageRow, RecordedEvent<ChatEvent>> = {
  name: 'messages',
  keyOf: (event) => (event.type === 'RoomCreated' || event.type === 'MemberAdded' ? null : messageKey(event.aggregateId, event.data.seq)),
  apply(row, event) {
    switch (event.type) {
      case 'MessagePosted': {
        const { seq, messageId, author, text } = event.data;
        return { roomId: event.aggregateId, seq, messageId, author, text, postedAt: event.occurredAt, editedAt: null };
      }
      case 'MessageEdited':
        return { ...requireRow(row, 'messages', event), text: event.data.text, editedAt: event.occurredAt };
      case 'RoomCreated':
      case 'MemberAdded':
        return notRouted('messages', event);
    }
  },
};
