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
      // A computed key stays an own property even for ids like "__proto__".
      return { ...state, lastSeq: seq, messages: { ...state.messages, [messageId]: { seq, author } } };
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
