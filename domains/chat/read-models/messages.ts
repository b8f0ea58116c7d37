/**
 * `messages`: one row per chat message, primary key (room_id, seq) so a history page
 * (`seq > afterSeq ORDER BY seq LIMIT n`) is one index range scan.
 */
import { messageKey, messagesProjection, type MessageRow } from '../projections/messages';
import { bigintNumber, defineReadModel, nullable, splitNumberedKey, text, timestamptz } from '../../../read-models/define';

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
  routes: [{ path: '/api/chat/rooms/:roomId/messages', serves: 'page' }],
  keyOf: (row) => messageKey(row.roomId, row.seq),
  primaryKeyOf(key) {
    const { id, number } = splitNumberedKey(key, 'message (roomId:seq)');
    return { roomId: id, seq: number };
  },
});
