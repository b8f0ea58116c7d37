/**
 * Rooms are public unless created private. Anyone who may use chat posts in and reads a
 * public room; a private room only admits its members — its creator, and the users a member
 * added with AddMember. Those rules need the room's state, so the decider applies them to
 * commands (a rejected outcome); reads and subscriptions use the same facts from the read
 * models. Editing a message is its author's alone (decide.ts).
 */
import type { DomainAccess } from '../access';
import type { ChatCommand } from './decide';

/** What reads and subscriptions of a room are decided on. */
export interface RoomFacts {
  readonly private: boolean;
  /** Whether the reader is a member. */
  readonly member: boolean;
}

export const chatAccess: DomainAccess<ChatCommand, RoomFacts> = {
  callerDefaults: {},
  deny: () => undefined,
  canSee: (_actor, facts) => facts !== undefined && (!facts.private || facts.member),
};
