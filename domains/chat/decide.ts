/** Chat commands and the rules that accept or reject them. */
import type { chat } from '../../schemas/generated';
import { accept, reject, type Command, type Decision } from '../decider';
import { admits, findMessage, MAX_MEMBERS, REMEMBERED_MESSAGES, type ChatEvent, type RoomState } from './state';

export type CreateRoom = Command<'CreateRoom', chat.CreateRoomData>;
export type AddMember = Command<'AddMember', chat.AddMemberData>;
export type PostMessage = Command<'PostMessage', chat.PostMessageData>;
export type EditMessage = Command<'EditMessage', chat.EditMessageData>;
export type ChatCommand = CreateRoom | AddMember | PostMessage | EditMessage;

/** Message text bounds in UTF-16 code units (JavaScript `length`), as the schema layer counts them. */
export const MESSAGE_TEXT_MIN = 1;
export const MESSAGE_TEXT_MAX = 4000;

/** Said the same whether the room is missing or private: a stranger learns nothing about private rooms. */
const NOT_ADMITTED = 'room does not exist or you are not a member';

export function decide(command: ChatCommand, state: RoomState): Decision<ChatEvent> {
  switch (command.type) {
    case 'CreateRoom':
      return createRoom(command, state);
    case 'AddMember':
      return addMember(command, state);
    case 'PostMessage':
      return postMessage(command, state);
    case 'EditMessage':
      return editMessage(command, state);
  }
}

function createRoom({ data, metadata }: CreateRoom, state: RoomState): Decision<ChatEvent> {
  if (state.created) return reject('room already exists');
  return accept({ type: 'RoomCreated', data: { title: data.title, createdBy: metadata.userId, private: data.private } });
}

function addMember({ data, metadata }: AddMember, state: RoomState): Decision<ChatEvent> {
  if (!state.created || !admits(state, metadata.userId)) return reject(NOT_ADMITTED);
  if (!state.private) return reject('the room is public: everyone may join it already');
  if (state.members.includes(data.userId)) return reject(`${data.userId} is a member already`);
  if (state.members.length >= MAX_MEMBERS) return reject(`a room has at most ${MAX_MEMBERS} members`);
  return accept({ type: 'MemberAdded', data: { userId: data.userId, addedBy: metadata.userId } });
}

function postMessage({ data, metadata }: PostMessage, state: RoomState): Decision<ChatEvent> {
  if (!state.created || !admits(state, metadata.userId)) return reject(NOT_ADMITTED);
  const { messageId, text } = data;
  if (findMessage(state, messageId) !== undefined) return reject(`message ${messageId} already exists`);
  const problem = invalidText(text);
  if (problem !== null) return reject(problem);
  return accept({ type: 'MessagePosted', data: { messageId, seq: state.lastSeq + 1, author: metadata.userId, text } });
}

function editMessage({ data, metadata }: EditMessage, state: RoomState): Decision<ChatEvent> {
  if (!state.created || !admits(state, metadata.userId)) return reject(NOT_ADMITTED);
  const { messageId, text } = data;
  const message = findMessage(state, messageId);
  if (message === undefined) return reject(`message ${messageId} does not exist (only the room's last ${REMEMBERED_MESSAGES} messages can be edited)`);
  if (message.author !== metadata.userId) return reject('only the author can edit a message');
  const problem = invalidText(text);
  if (problem !== null) return reject(problem);
  return accept({ type: 'MessageEdited', data: { messageId, seq: message.seq, author: message.author, text } });
}

/** Defence in depth: the gateway validates the schema, but decide must never record bad text. */
function invalidText(text: string): string | null {
  if (text.length < MESSAGE_TEXT_MIN || text.length > MESSAGE_TEXT_MAX) {
    return `message text must be ${MESSAGE_TEXT_MIN}..${MESSAGE_TEXT_MAX} characters, got ${text.length}`;
  }
  return null;
}
