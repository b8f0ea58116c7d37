/**
 * `messages`: one row per chat message, primary key (room_id, seq) so a history page
 * (`seq > afterSeq ORDER BY seq LIMIT n`) is one index range scan.
 */
import { messageKey, messagesProjection, type MessageRow } from '../../domains/chat';
import { bigintNumber, nullable, text, timestamptz } from '../column-types';
import { defineReadModel } from '../read-model';
import { splitNumberedKey } from './numbered-key';

export const messagesReadModel = defineReadModel<MessageRow, 'roomId' | 'seq'>({
  projection: messagesProjection,
  table: 'messages',
  entityName: 'Message',
  columns: {
    roomId: { name: 'room_id', type: text },
    seq: { name: 'seq', type: bigintNumber },
    messageId: { name: 'message_id', type: text },
    author: { name: 'author', type: text },
    text: { name: 'text', type: text },
    postedAt: { name: 'posted_at', type: timestamptz },
    editedAt: { name: 'edited_at', type: nullable(timestamptz) },
  },
  primaryKey: ['roomId', 'seq'],
  keyOf: (row) => messageKey(row.roomId, row.seq),
  primaryKeyOf(key) {
    const { id, number } = splitNumberedKey(key, 'message (roomId:seq)');
    return { roomId: id, seq: number };
  },
});
