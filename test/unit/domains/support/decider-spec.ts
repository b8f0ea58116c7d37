/**
 * given(events) / when(command) / then(events) or thenRejects(reason) for any decider:
 * the state is the fold of the given events, so tests state history, not internals.
 */
import { expect } from '@jest/globals';
import { evolveAll, type Command, type Decider, type Event } from '../../../../domains/decider';

export function deciderSpec<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const decision = decider.decide(command, evolveAll(decider, events));
          return {
            then(expected: readonly E[]): void {
              expect(decision).toEqual({ status: 'accepted', events: expected });
            },
            thenRejects(reason: string): void {
              expect(decision).toEqual({ status: 'rejected', reason });
            },
          };
        },
      };
    },
  };
}
