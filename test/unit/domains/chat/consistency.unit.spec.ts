/**
 * Random command sequences over a few rooms and users, run through the decider as the
 * command handler would; rooms and messages folded from the recorded events must agree
 * with the decider states and with the texts last posted or edited.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chatDecider, messagesProjection, roomsProjection, type ChatCommand } from '../../../../domains/chat';
import { projectAll } from '../../../../domains/projection';
import { InMemoryHandler } from '../support/in-memory-handler';
import { createRoom, editMessage, postMessage } from './fixtures';

const ROOMS = ['r1', 'r2'] as const;
const USERS = ['alice', 'bob', 'carol'] as const;

const room = fc.constantFrom(...ROOMS);
const user = fc.constantFrom(...USERS);
const messageId = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', '__proto__');
// Mostly valid text, sometimes empty (rejected) so rejections mix into the history.
const text = fc.string({ maxLength: 12 });

const command: fc.Arbitrary<ChatCommand> = fc.oneof(
  fc.tuple(user, room).map(([userId, roomId]) => createRoom(userId, roomId)),
  fc.tuple(messageId, text, user, room).map(([id, body, userId, roomId]) => postMessage(id, body, userId, roomId)),
  fc.tuple(messageId, text, user, room).map(([id, body, userId, roomId]) => editMessage(id, body, userId, roomId)),
);

describe('chat read models against decider states', () => {
  it('rooms and messages hold every accepted message in seq order with its latest text', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80, size: 'max' }), (commands) => {
        const handler = new InMemoryHandler(chatDecider);
        const latestText = new Map<string, string>();
        commands.forEach((cmd, index) => {
          const decision = handler.handle(cmd, new Date(Date.UTC(2025, 0, 1) + index * 1000));
          if (decision.status === 'accepted' && (cmd.type === 'PostMessage' || cmd.type === 'EditMessage')) {
            latestText.set(`${cmd.metadata.aggregateId}/${cmd.data.messageId}`, cmd.data.text);
          }
        });
        const rooms = projectAll(roomsProjection, handler.log);
        const messages = [...projectAll(messagesProjection, handler.log).values()];

        for (const [roomId, state] of handler.states()) {
          const posted = Object.entries(state.messages);
          expect(rooms.get(roomId)).toMatchObject({ title: state.title, createdBy: state.createdBy, lastSeq: state.lastSeq, messageCount: posted.length });
          const rows = messages.filter((row) => row.roomId === roomId).sort((a, b) => a.seq - b.seq);
          expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: state.lastSeq }, (_, i) => i + 1));
          expect(rows.map(({ messageId: id, seq, author }) => [id, { seq, author }])).toEqual(
            expect.arrayContaining(posted),
          );
          expect(rows).toHaveLength(posted.length);
          for (const row of rows) expect(row.text).toBe(latestText.get(`${roomId}/${row.messageId}`));
        }
        expect(messages).toHaveLength([...handler.states().values()].reduce((sum, state) => sum + state.lastSeq, 0));
      }),
    );
  });
});
