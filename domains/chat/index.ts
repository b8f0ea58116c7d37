/** The chat domain: a decider per room (key `roomId`) and the `rooms`, `room_members`, `messages` and `chat_event_history` read models. */
import type { Decider } from '../decider';
import { defineDomain } from '../define-domain';
import { namesOf, type DomainModule } from '../domain-module';
import { chatAccess } from './access';
import { decide, type ChatCommand } from './decide';
import { messagesReadModel, roomFacts, roomMembersReadModel, roomsReadModel } from './read-models';
import { chatSchemas } from './schemas';
import { evolve, initialRoomState, type ChatEvent, type RoomState } from './state';

export { MESSAGE_TEXT_MAX, MESSAGE_TEXT_MIN } from './decide';
export { chatAccess, type RoomFacts } from './access';
export type { AddMember, ChatCommand, CreateRoom, EditMessage, PostMessage } from './decide';
export type { ChatEvent, MemberAdded, MessageEdited, MessagePosted, MessageRef, RoomCreated, RoomState } from './state';
export { admits, MAX_MEMBERS, REMEMBERED_MESSAGES } from './state';
export { messageKey, messagesProjection, type MessageRow } from './projections/messages';
export { roomsProjection, type RoomRow } from './projections/rooms';
export { memberKey, roomMembersProjection, type RoomMemberRow } from './projections/room-members';
export { messagesReadModel, roomMembersReadModel, roomsReadModel } from './read-models';

export const chatDecider: Decider<RoomState, ChatCommand, ChatEvent> = {
  initialState: initialRoomState,
  decide,
  evolve,
};

export const chatDomain: DomainModule<RoomState, ChatCommand, ChatEvent> = defineDomain({
  name: 'chat',
  aggregateKey: 'roomId',
  commandNames: namesOf<ChatCommand['type']>({ CreateRoom: true, AddMember: true, PostMessage: true, EditMessage: true }),
  eventNames: namesOf<ChatEvent['type']>({ RoomCreated: true, MemberAdded: true, MessagePosted: true, MessageEdited: true }),
  snapshotRecord: 'ChatRoomSnapshot',
  schemas: chatSchemas,
  decider: chatDecider,
  access: chatAccess,
  accessFacts: roomFacts,
  readModels: [roomsReadModel, roomMembersReadModel, messagesReadModel],
  // Its tables came with the migrations released before domains owned theirs (read-models/migrations).
  migrations: [],
});
