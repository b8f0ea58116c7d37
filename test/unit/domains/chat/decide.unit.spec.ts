import { describe, expect, it } from '@jest/globals';
import { chatDecider, MAX_MEMBERS, MESSAGE_TEXT_MAX, REMEMBERED_MESSAGES, type ChatEvent } from '../../../../domains/chat';
import { deciderSpec } from '../support/decider-spec';
import { addMember, createRoom, editMessage, memberAdded, messageEdited, messagePosted, postMessage, roomCreated } from './fixtures';

const spec = deciderSpec(chatDecider);

const created = [roomCreated('alice')];
const withMessages = [...created, messagePosted('m1', 1, 'alice', 'hello'), messagePosted('m2', 2, 'bob', 'hi')];
const longest = 'x'.repeat(MESSAGE_TEXT_MAX);
const tooLong = 'x'.repeat(MESSAGE_TEXT_MAX + 1);

describe('CreateRoom', () => {
  it('creates a room owned by the acting user', () => {
    spec.given([]).when(createRoom('alice')).then([roomCreated('alice')]);
  });

  it('rejects a second creation', () => {
    spec.given(created).when(createRoom('bob')).thenRejects('room already exists');
  });
});

describe('PostMessage', () => {
  it('gives the first message seq 1 and the acting user as author', () => {
    spec.given(created).when(postMessage('m1', 'hello', 'bob')).then([messagePosted('m1', 1, 'bob', 'hello')]);
  });

  it('numbers messages after the last one, edits included in the history', () => {
    spec
      .given([...withMessages, messageEdited('m1', 1, 'alice', 'hello!')])
      .when(postMessage('m3', 'third'))
      .then([messagePosted('m3', 3, 'alice', 'third')]);
  });

  it.each([1, MESSAGE_TEXT_MAX])('accepts text of %i characters', (length) => {
    const text = 'x'.repeat(length);
    spec.given(created).when(postMessage('m1', text)).then([messagePosted('m1', 1, 'alice', text)]);
  });

  it('rejects a post to a room that does not exist', () => {
    spec.given([]).when(postMessage('m1', 'hello')).thenRejects('room does not exist or you are not a member');
  });

  it('rejects a message id already used in the room', () => {
    spec.given(withMessages).when(postMessage('m2', 'again')).thenRejects('message m2 already exists');
  });

  it('treats ids that name Object properties as ordinary ids', () => {
    spec.given(created).when(postMessage('__proto__', 'hello')).then([messagePosted('__proto__', 1, 'alice', 'hello')]);
    spec.given(created).when(postMessage('toString', 'hello')).then([messagePosted('toString', 1, 'alice', 'hello')]);
    spec
      .given([...created, messagePosted('__proto__', 1, 'alice', 'hello')])
      .when(postMessage('__proto__', 'again'))
      .thenRejects('message __proto__ already exists');
  });

  it.each([
    ['empty', '', 0],
    ['too long', tooLong, MESSAGE_TEXT_MAX + 1],
  ])('rejects %s text', (_, text, length) => {
    spec.given(created).when(postMessage('m1', text)).thenRejects(`message text must be 1..4000 characters, got ${length}`);
  });
});

describe('EditMessage', () => {
  it("replaces the text of the author's message, keeping its seq and author", () => {
    spec.given(withMessages).when(editMessage('m2', 'hi all', 'bob')).then([messageEdited('m2', 2, 'bob', 'hi all')]);
  });

  it('accepts the longest allowed text', () => {
    spec.given(withMessages).when(editMessage('m1', longest)).then([messageEdited('m1', 1, 'alice', longest)]);
  });

  it('rejects an edit by anyone but the author, even the room creator', () => {
    spec.given(withMessages).when(editMessage('m2', 'mine now', 'alice')).thenRejects('only the author can edit a message');
  });

  it('rejects an edit in a room that does not exist', () => {
    spec.given([]).when(editMessage('m1', 'hello')).thenRejects('room does not exist or you are not a member');
  });

  it.each(['m9', 'toString', '__proto__'])('rejects an edit of unknown message %s', (messageId) => {
    spec.given(withMessages).when(editMessage(messageId, 'hello')).thenRejects(`message ${messageId} does not exist (only the room's last 1000 messages can be edited)`);
  });

  describe(`in a room with more than ${REMEMBERED_MESSAGES} messages`, () => {
    const posted = Array.from({ length: REMEMBERED_MESSAGES + 1 }, (_, index) => messagePosted(`m${index + 1}`, index + 1, 'alice', 'x'));
    const busy = [...created, ...posted];

    it(`edits only the last ${REMEMBERED_MESSAGES} messages`, () => {
      spec.given(busy).when(editMessage('m2', 'still here')).then([messageEdited('m2', 2, 'alice', 'still here')]);
      spec.given(busy).when(editMessage('m1', 'too old')).thenRejects("message m1 does not exist (only the room's last 1000 messages can be edited)");
    });

    it('keeps numbering after the last message, and forgotten ids are free again', () => {
      spec.given(busy).when(postMessage('m1', 'again')).then([messagePosted('m1', REMEMBERED_MESSAGES + 2, 'alice', 'again')]);
    });
  });

  it.each([
    ['empty', '', 0],
    ['too long', tooLong, MESSAGE_TEXT_MAX + 1],
  ])('rejects %s text', (_, text, length) => {
    spec.given(withMessages).when(editMessage('m1', text)).thenRejects(`message text must be 1..4000 characters, got ${length}`);
  });
});

describe('private rooms: members only', () => {
  const secret = [roomCreated('alice', true)];

  it('creates a private room whose creator is its first member', () => {
    spec.given([]).when(createRoom('alice', 'room-1', true)).then([roomCreated('alice', true)]);
    expect(secret.reduce(chatDecider.evolve, chatDecider.initialState())).toMatchObject({ private: true, members: ['alice'] });
  });

  it('lets a member add users, and those users add more', () => {
    spec.given(secret).when(addMember('bob')).then([memberAdded('bob', 'alice')]);
    spec.given([...secret, memberAdded('bob')]).when(addMember('carol', 'bob')).then([memberAdded('carol', 'bob')]);
  });

  it('refuses a non-member everything, saying the same as for a missing room', () => {
    const refused = 'room does not exist or you are not a member';
    spec.given(secret).when(postMessage('m1', 'let me in', 'mallory')).thenRejects(refused);
    spec.given(secret).when(addMember('mallory', 'mallory')).thenRejects(refused);
    spec.given([...secret, messagePosted('m1', 1, 'alice', 'hi')]).when(editMessage('m1', 'edited', 'mallory')).thenRejects(refused);
    spec.given([]).when(addMember('bob')).thenRejects(refused);
  });

  it('lets members post', () => {
    spec.given([...secret, memberAdded('bob')]).when(postMessage('m1', 'hi', 'bob')).then([messagePosted('m1', 1, 'bob', 'hi')]);
  });

  it('refuses adding to a public room, adding twice, and adding beyond the member bound', () => {
    spec.given(created).when(addMember('bob')).thenRejects('the room is public: everyone may join it already');
    spec.given([...secret, memberAdded('bob')]).when(addMember('bob')).thenRejects('bob is a member already');
    const full = [...secret, ...Array.from({ length: MAX_MEMBERS - 1 }, (_, n) => memberAdded(`user-${n}`))];
    spec.given(full).when(addMember('one-too-many')).thenRejects(`a room has at most ${MAX_MEMBERS} members`);
  });
});

describe('room state', () => {
  it('remembers the room and each message seq and author, never the text', () => {
    const state = [...withMessages, messageEdited('m1', 1, 'alice', 'hello!')].reduce(
      (current: ReturnType<typeof chatDecider.initialState>, event: ChatEvent) => chatDecider.evolve(current, event),
      chatDecider.initialState(),
    );
    expect(state).toEqual({
      created: true,
      title: 'General',
      createdBy: 'alice',
      private: false,
      members: [],
      lastSeq: 2,
      messages: { m1: { seq: 1, author: 'alice' }, m2: { seq: 2, author: 'bob' } },
    });
  });

  it(`remembers only the last ${REMEMBERED_MESSAGES} messages, whatever their ids`, () => {
    const ids = ['__proto__', 'toString', '7', ...Array.from({ length: REMEMBERED_MESSAGES }, (_, index) => `m${index}`)];
    const state = ids.reduce(
      (current, id, index) => chatDecider.evolve(current, messagePosted(id, index + 1, 'alice', 'x')),
      chatDecider.evolve(chatDecider.initialState(), roomCreated('alice')),
    );
    expect(Object.keys(state.messages)).toHaveLength(REMEMBERED_MESSAGES);
    expect(Object.hasOwn(state.messages, '__proto__') || Object.hasOwn(state.messages, 'toString') || Object.hasOwn(state.messages, '7')).toBe(false);
    expect(state.messages[`m${REMEMBERED_MESSAGES - 1}`]).toEqual({ seq: ids.length, author: 'alice' });
    // A hash table (no hidden class per set of ids), and nothing inherited looks like a message.
    expect(Object.getPrototypeOf(state.messages)).toBeNull();
  });

  it('keeps a message whose id is "__proto__" as an ordinary message', () => {
    const state = [roomCreated('alice'), messagePosted('__proto__', 1, 'bob', 'x')].reduce(
      (current: ReturnType<typeof chatDecider.initialState>, event: ChatEvent) => chatDecider.evolve(current, event),
      chatDecider.initialState(),
    );
    expect(Object.keys(state.messages)).toEqual(['__proto__']);
    expect(state.messages['__proto__']).toEqual({ seq: 1, author: 'bob' });
  });
});
