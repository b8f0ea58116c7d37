/** What `chatAccess.canSee` decides on: whether the room is private and the reader a member. */
import type { AccessFactsQuery } from '../../../read-models/define';
import type { RoomFacts } from '../access';
import { roomMembersReadModel } from './room-members';
import { roomsReadModel } from './rooms';

const rooms = roomsReadModel.columns;
const members = roomMembersReadModel.columns;

export const roomFacts: AccessFactsQuery<RoomFacts> = {
  statement: (roomId, userId) => ({
    text:
      `SELECT r.${rooms.private.name} AS private, EXISTS (SELECT 1 FROM ${roomMembersReadModel.table} m ` +
      `WHERE m.${members.roomId.name} = r.${rooms.roomId.name} AND m.${members.userId.name} = $2) AS member ` +
      `FROM ${roomsReadModel.table} r WHERE r.${rooms.roomId.name} = $1`,
    values: [roomId, userId],
  }),
  decode: (row) => ({ private: row.private === true, member: row.member === true }),
};
