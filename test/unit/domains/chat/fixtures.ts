/** Room room-1 created by alice, as commands and as events. */
import type { AddMember, CreateRoom, EditMessage, MemberAdded, MessageEdited, MessagePosted, PostMessage, RoomCreated } from '../../../../domains/chat';
import { metadataFor } from '../support/records';

export const ROOM_ID = 'room-1';

export const createRoom = (userId = 'alice', roomId = ROOM_ID, isPrivate = false): CreateRoom => ({
  type: 'CreateRoom',
  data: { title: 'General', private: isPrivate },
  metadata: metadataFor(roomId, userId),
});
export const addMember = (member: string, userId = 'alice', roomId = ROOM_ID): AddMember => ({
  type: 'AddMember',
  data: { userId: member },
  metadata: metadataFor(roomId, userId),
});
export const postMessage = (messageId: string, text: string, userId = 'alice', roomId = ROOM_ID): PostMessage => ({
  type: 'PostMessage',
  data: { messageId, text },
  metadata: metadataFor(roomId, userId),
});
export const editMessage = (messageId: string, text: string, userId = 'alice', roomId = ROOM_ID): EditMessage => ({
  type: 'EditMessage',
  data: { messageId, text },
  metadata: metadataFor(roomId, userId),
});

export const roomCreated = (createdBy = 'alice', isPrivate = false): RoomCreated => ({ type: 'RoomCreated', data: { title: 'General', createdBy, private: isPrivate } });
export const memberAdded = (userId: string, addedBy = 'alice'): MemberAdded => ({ type: 'MemberAdded', data: { userId, addedBy } });
export const messagePosted = (messageId: string, seq: number, author: string, text: string): MessagePosted => ({
  type: 'MessagePosted',
  data: { messageId, seq, author, text },
});
export const messageEdited = (messageId: string, seq: number, author: string, text: string): MessageEdited => ({
  type: 'MessageEdited',
  data: { messageId, seq, author, text },
});
