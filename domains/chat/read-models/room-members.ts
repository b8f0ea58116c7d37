/** `room_members`: the members of each private room, primary key (room_id, user_id). */
import { memberKey, roomMembersProjection, type RoomMemberRow } from '../projections/room-members';
import { InternalError } from '../../../platform/errors';
import { defineReadModel, text, timestamptz } from '../../../read-models/define';

const MEMBER_KEY = /^(\d{1,4}):/;

export const roomMembersReadModel = defineReadModel<RoomMemberRow, 'roomId' | 'userId'>({
  projection: roomMembersProjection,
  table: 'room_members',
  entityName: 'RoomMember',
  columns: {
    roomId: { name: 'room_id', type: text },
    userId: { name: 'user_id', type: text },
    addedBy: { name: 'added_by', type: text },
    addedAt: { name: 'added_at', type: timestamptz },
  },
  primaryKey: ['roomId', 'userId'],
  // One event per key: a member is added once (the decider refuses a second time).
  insertOnly: true,
  keyOf: (row) => memberKey(row.roomId, row.userId),
  primaryKeyOf(key) {
    const match = MEMBER_KEY.exec(key);
    const start = match ? match[0].length : 0;
    const end = match ? start + Number(match[1]) : 0;
    if (!match || key[end] !== ':') throw new InternalError(`"${key}" is not a room member key (length:roomId:userId)`);
    return { roomId: key.slice(start, end), userId: key.slice(end + 1) };
  },
});
