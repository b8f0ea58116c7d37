/**
 * Workflows (process managers): react to one domain's events with other domains' commands.
 * A workflow is pure — `react(event, state)` returns the commands to send and the state after
 * the event — and the workflow service (services/workflow) runs it exactly once per event:
 * the commands, the new state and the consumed position go out in one Kafka transaction.
 *
 * State is kept per source aggregate (the event's domain and aggregate id): the events of one
 * aggregate reach one partition in order, so one owner at a time reacts to them.
 */
import { InternalError } from '../platform/errors';
import type { RecordedEvent } from './decider';
import type { DomainModule } from './domain-module';

/** An event as a workflow sees it: the recorded event and the domain it is from. */
export type SourceEvent<E extends RecordedEvent = RecordedEvent> = E & { readonly domain: string };

/** Every event of a registered domain as a workflow sees it, e.g. `SourceEventOf<typeof ordersDomain>`. */
export type SourceEventOf<Domain> = Domain extends DomainModule<any, any, infer E> ? SourceEvent<RecordedEvent<E>> : never;

/** A command a workflow sends. Its id, actor and time are set by the service (see WorkflowModule.actor). */
export interface WorkflowCommand {
  readonly domain: string;
  /** The command's record name, e.g. `ReserveStock`. */
  readonly name: string;
  /** The aggregate it addresses: the Kafka key in `<domain>.commands`. */
  readonly aggregateId: string;
  readonly data: unknown;
}

export interface Reaction<State> {
  readonly commands: readonly WorkflowCommand[];
  readonly state: State;
  /**
   * The source aggregate is finished for this workflow (an order cancelled or shipped): its
   * state is forgotten (a tombstone on the state topic), so the service's memory and restore
   * hold only aggregates still in progress. A later event of it would start from `initialState`.
   */
  readonly done?: boolean;
}

export interface WorkflowDefinition<State = unknown, E extends RecordedEvent = RecordedEvent> {
  /** Lower-case words joined by dashes: part of its consumer group, transactional ids and state topic. */
  readonly name: string;
  /** The domains whose events it reacts to. */
  readonly sources: readonly string[];
  /** The state of a source aggregate before its first event. Kept as JSON: plain values only. */
  initialState(): State;
  /** Must not throw on an event it does not care about: it returns no commands and the state as it was. */
  react(event: SourceEvent<E>, state: State): Reaction<State>;
}

export interface WorkflowModule<State = unknown, E extends RecordedEvent = RecordedEvent> extends WorkflowDefinition<State, E> {
  /**
   * Who its commands are sent as: user `workflow:<name>` with role `staff`, so the target
   * domains' rules treat it as staff. Its commands never pass the gateway; what lets it act is
   * being able to write to the commands topics.
   */
  readonly actor: { readonly userId: string; readonly roles: readonly string[] };
}

export const WORKFLOW_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineWorkflow<State, E extends RecordedEvent>(definition: WorkflowDefinition<State, E>): WorkflowModule<State, E> {
  if (!WORKFLOW_NAME.test(definition.name) || definition.name.length > 40) {
    throw new InternalError(`workflow name "${definition.name}" must be lower-case words joined by dashes, at most 40 characters`);
  }
  if (definition.sources.length === 0) throw new InternalError(`workflow ${definition.name} reacts to no domain`);
  return Object.freeze({ ...definition, actor: Object.freeze({ userId: `workflow:${definition.name}`, roles: Object.freeze(['staff']) }) });
}

/** No commands, the state unchanged: what `react` returns for an event it ignores. */
export function noReaction<State>(state: State): Reaction<State> {
  return { commands: [], state };
}
