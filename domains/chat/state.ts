/** Room state and the events that change it. */
import type { chat } from '../../schemas/generated';
import type { Event } from '../decider';

/** The decider state is the snapshot record's state, so snapshots need no mapping. */
export type RoomState = chat.RoomState;
export type MessageRef = chat.MessageRef;

export type RoomCreated = Event<'RoomCreated', chat.RoomCreatedData>;
export type MessagePosted = Event<'MessagePosted', chat.MessagePostedData>;
export type MessageEdited = Event<'MessageEdited', chat.MessageEditedData>;
export type ChatEvent = RoomCreated | MessagePosted | MessageEdited;

/**
 * How many of a room's latest messages its state remembers (seq and author: all deciding
 * needs). Only these can be edited, and message ids are unique among them. Without a bound a
 * busy room's state — and each snapshot of it the handler writes — would grow forever, every
 * post would copy all of it, and one day a single snapshot would exceed the broker's record
 * size and stall the partition.
 */
export const REMEMBERED_MESSAGES = 1_000;

export function initialRoomState(): RoomState {
  return { created: false, title: null, createdBy: null, lastSeq: 0, messages: {} };
}

export function evolve(state: RoomState, event: ChatEvent): RoomState {
  switch (event.type) {
    case 'RoomCreated': {
      const { title, createdBy } = event.data;
      return { ...state, created: true, title, createdBy };
    }
    case 'MessagePosted': {
      const { messageId, seq, author } = event.data;
      const kept = Object.entries(state.messages).filter(([, message]) => message.seq > seq - REMEMBERED_MESSAGES);
      // fromEntries defines own properties, also for ids like "__proto__" (assignment would not).
      return { ...state, lastSeq: seq, messages: Object.fromEntries([...kept, [messageId, { seq, author }]]) };
    }
    case 'MessageEdited':
      // Only the text changes, and no decision depends on text.
      return state;
  }
}

/** The message `messageId` names, if posted; own properties only, whatever the id. */
export function findMessage(state: RoomState, messageId: string): MessageRef | undefined {
  return Object.hasOwn(state.messages, messageId) ? state.messages[messageId] : undefined;
}
