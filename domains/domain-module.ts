/**
 * What every domain module provides, so the command handler, projector, gateway and replay
 * CLI stay generic: they look a domain up by name and work only through this interface.
 */
import type { DomainAccess } from './access';
import type { Command, Decider, Event, RecordedEvent } from './decider';
import type { Projection } from './projection';

export type DomainName = 'orders' | 'chat';

export interface DomainModule<State = unknown, C extends Command = Command, E extends Event = Event> {
  readonly name: DomainName;
  /** Avro namespace of the domain's records in `schemas/`. */
  readonly namespace: `eventline.${DomainName}`;
  /** What the aggregate id (the Kafka key of every domain topic) is called in the API. */
  readonly aggregateKey: 'orderId' | 'roomId';
  /** Command record names: what clients may send as `name`. */
  readonly commandNames: readonly C['type'][];
  /** Event record names in `<domain>.events`. */
  readonly eventNames: readonly E['type'][];
  /** Avro record that carries the decider state in `<domain>.snapshots`. */
  readonly snapshotRecord: 'OrderSnapshot' | 'ChatRoomSnapshot';
  readonly decider: Decider<State, C, E>;
  /** Who may send which command and see which aggregate (access.ts). */
  readonly access: DomainAccess<C, any>;
  readonly projections: readonly Projection<unknown, RecordedEvent<E>>[];
}

/**
 * The members of a string union as a list. Taking a Record makes the compiler insist on
 * every member, and on nothing else, so a new command or event cannot be forgotten here.
 */
export function namesOf<Name extends string>(names: Readonly<Record<Name, true>>): readonly Name[] {
  return Object.freeze(Object.keys(names) as Name[]);
}
