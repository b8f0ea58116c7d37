/** `rooms`: one row per chat room (key roomId). */
import { roomsProjection, type RoomRow } from '../projections/rooms';
import { bigintNumber, boolean, defineReadModel, text, timestamptz } from '../../../read-models/define';

export const roomsReadModel = defineReadModel<RoomRow, 'roomId'>({
  projection: roomsProjection,
  table: 'rooms',
  entityName: 'Room',
  columns: {
    roomId: { name: 'room_id', type: text },
    title: { name: 'title', type: text },
    createdBy: { name: 'created_by', type: text },
    private: { name: 'private', type: boolean },
    createdAt: { name: 'created_at', type: timestamptz },
    messageCount: { name: 'message_count', type: bigintNumber },
    lastSeq: { name: 'last_seq', type: bigintNumber },
    updatedAt: { name: 'updated_at', type: timestamptz },
  },
  primaryKey: ['roomId'],
  keyOf: (row) => row.roomId,
  primaryKeyOf: (key) => ({ roomId: key }),
  routes: [{ path: '/api/chat/rooms/:roomId', serves: 'row' }],
});
