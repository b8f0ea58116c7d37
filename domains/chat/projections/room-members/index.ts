export { memberKey, roomMembersProjection, type RoomMemberRow } from './projection';
