/** Room room-1 created by alice, as commands and as events. */
import type { CreateRoom, EditMessage, MessageEdited, MessagePosted, PostMessage, RoomCreated } from '../../../../domains/chat';
import { metadataFor } from '../support/records';

export const ROOM_ID = 'room-1';

export const createRoom = (userId = 'alice', roomId = ROOM_ID): CreateRoom => ({
  type: 'CreateRoom',
  data: { title: 'General' },
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

export const roomCreated = (createdBy = 'alice'): RoomCreated => ({ type: 'RoomCreated', data: { title: 'General', createdBy } });
export const messagePosted = (messageId: string, seq: number, author: string, text: string): MessagePosted => ({
  type: 'MessagePosted',
  data: { messageId, seq, author, text },
});
export const messageEdited = (messageId: string, seq: number, author: string, text: string): MessageEdited => ({
  type: 'MessageEdited',
  data: { messageId, seq, author, text },
});
