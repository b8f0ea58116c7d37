/**
 * given(events) / when(event) / then(commands) for any workflow: the state is the fold of
 * `react` over the given events of the aggregate, so tests state history, not internals.
 */
import { expect } from '@jest/globals';
import type { RecordedEvent } from '../../../../domains/decider';
import type { SourceEvent, WorkflowCommand, WorkflowDefinition } from '../../../../domains/workflow';

export function workflowSpec<State, E extends RecordedEvent>(workflow: WorkflowDefinition<State, E>) {
  return {
    given(events: readonly SourceEvent<E>[]) {
      return {
        when(event: SourceEvent<E>) {
          const before = events.reduce((state, past) => workflow.react(past, state).state, workflow.initialState());
          const reaction = workflow.react(event, before);
          return {
            then(expected: readonly WorkflowCommand[]): void {
              expect(reaction.commands).toEqual(expected);
            },
            thenState(expected: State): void {
              expect(reaction.state).toEqual(expected);
            },
          };
        },
      };
    },
  };
}
