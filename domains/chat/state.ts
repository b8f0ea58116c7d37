/** Room state and the events that change it. */
import type { chat } from '../../schemas/generated';
import type { Event } from '../decider';

/** The decider state is the snapshot record's state, so snapshots need no mapping. */
export type RoomState = chat.RoomState;
export type MessageRef = chat.MessageRef;

export type RoomCreated = Event<'RoomCreated', chat.RoomCreatedData>;
export type MemberAdded = Event<'MemberAdded', chat.MemberAddedData>;
export type MessagePosted = Event<'MessagePosted', chat.MessagePostedData>;
export type MessageEdited = Event<'MessageEdited', chat.MessageEditedData>;
export type ChatEvent = RoomCreated | MemberAdded | MessagePosted | MessageEdited;

/**
 * How many of a room's latest messages its state remembers (seq and author: all deciding
 * needs). Only these can be edited, and message ids are unique among them. Without a bound a
 * busy room's state — and each snapshot of it the handler writes — would grow forever, every
 * post would copy all of it, and one day a single snapshot would exceed the broker's record
 * size and stall the partition.
 */
export const REMEMBERED_MESSAGES = 1_000;

/** Most members a private room may have: its state, and every snapshot of it, holds them all. */
export const MAX_MEMBERS = 1_000;

export function initialRoomState(): RoomState {
  return { created: false, title: null, createdBy: null, private: false, members: [], lastSeq: 0, messages: messageTable() };
}

/**
 * An empty table of messages by id: a null-prototype object, which V8 keeps as a hash table.
 * An object literal or `Object.fromEntries` would get a hidden class per distinct set of
 * message ids — a new one on every post, allocated in the old generation and garbage by the
 * next post — and a post took twice as long (docs/performance-notes.md). Without a prototype, an id
 * like "__proto__" is an ordinary key too.
 */
function messageTable(): Record<string, MessageRef> {
  return Object.create(null) as Record<string, MessageRef>;
}

export function evolve(state: RoomState, event: ChatEvent): RoomState {
  switch (event.type) {
    case 'RoomCreated': {
      const { title, createdBy } = event.data;
      const isPrivate = event.data.private;
      return { ...state, created: true, title, createdBy, private: isPrivate, members: isPrivate ? [createdBy] : [] };
    }
    case 'MemberAdded':
      return { ...state, members: [...state.members, event.data.userId] };
    case 'MessagePosted': {
      const { messageId, seq, author } = event.data;
      const messages = messageTable();
      for (const [id, message] of Object.entries(state.messages)) if (message.seq > seq - REMEMBERED_MESSAGES) messages[id] = message;
      messages[messageId] = { seq, author };
      return { ...state, lastSeq: seq, messages };
    }
    case 'MessageEdited':
      // Only the text changes, and no decision depends on text.
      return state;
  }
}

/** Whether the user may post in and follow the room: anyone in a public room, members in a private one. */
export function admits(state: RoomState, userId: string): boolean {
  return !state.private || state.members.includes(userId);
}

/** The message `messageId` names, if posted; own properties only, whatever the id. */
export function findMessage(state: RoomState, messageId: string): MessageRef | undefined {
  return Object.hasOwn(state.messages, messageId) ? state.messages[messageId] : undefined;
}
