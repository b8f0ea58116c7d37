/**
 * The command handler's job without Kafka: per-aggregate state and version, decide, record,
 * evolve. Property tests drive it with random commands and compare its log's projections
 * with its states.
 */
import {
  recordEvents,
  type Command,
  type Decider,
  type Decision,
  type Event,
  type RecordedEvent,
} from '../../../../domains/decider';

interface Aggregate<State> {
  readonly state: State;
  readonly version: number;
}

export class InMemoryHandler<State, C extends Command, E extends Event> {
  /** Every recorded event, in the order decided (one total order across aggregates). */
  readonly log: RecordedEvent<E>[] = [];
  private readonly aggregates = new Map<string, Aggregate<State>>();

  constructor(private readonly decider: Decider<State, C, E>) {}

  stateOf(aggregateId: string): State {
    return this.aggregates.get(aggregateId)?.state ?? this.decider.initialState();
  }

  /** Aggregates that have at least one event, with their current state. */
  states(): ReadonlyMap<string, State> {
    return new Map([...this.aggregates].map(([id, aggregate]) => [id, aggregate.state]));
  }

  handle(command: C, occurredAt: Date): Decision<E> {
    const id = command.metadata.aggregateId;
    const { state, version } = this.aggregates.get(id) ?? { state: this.decider.initialState(), version: 0 };
    const decision = this.decider.decide(command, state);
    if (decision.status === 'accepted' && decision.events.length > 0) {
      const events = recordEvents(decision.events, { metadata: command.metadata, previousVersion: version, occurredAt });
      this.log.push(...events);
      this.aggregates.set(id, {
        state: decision.events.reduce((current, event) => this.decider.evolve(current, event), state),
        version: version + events.length,
      });
    }
    return decision;
  }
}

/**
 * Reorders `log` as partitions may interleave it (each aggregate's events keep their order,
 * aggregates mix freely); `picks` choose which aggregate goes next.
 */
export function interleave<E extends RecordedEvent>(log: readonly E[], picks: readonly number[]): E[] {
  const queues = new Map<string, E[]>();
  for (const event of log) {
    const queue = queues.get(event.aggregateId);
    if (queue === undefined) queues.set(event.aggregateId, [event]);
    else queue.push(event);
  }
  const pending = [...queues.values()];
  const result: E[] = [];
  let step = 0;
  while (pending.length > 0) {
    const index = (picks[step % Math.max(picks.length, 1)] ?? 0) % pending.length;
    step += 1;
    const queue = pending[index]!;
    result.push(queue.shift()!);
    if (queue.length === 0) pending.splice(index, 1);
  }
  return result;
}
