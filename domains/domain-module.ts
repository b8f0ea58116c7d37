/**
 * What every domain module provides, so the command handler, projector, gateway and replay
 * CLI stay generic: they look a domain up by name and work only through this interface.
 * A domain writes a `DomainDefinition` in `domains/<name>/index.ts`; `defineDomain`
 * (define-domain.ts) derives the rest, and `domains/index.ts` registers it with one line.
 */
import type { MigrationObject } from '@mikro-orm/core';
import type { AccessFactsQuery } from '../read-models/access-facts-query';
import type { DomainSchemaSource } from '../schemas/domain-schemas';
import type { EventHistoryReadModel } from '../read-models/event-history';
import type { AnyReadModel } from '../read-models/read-model';
import type { DomainAccess } from './access';
import type { Command, Decider, Event, RecordedEvent } from './decider';
import type { Projection } from './projection';

export interface DomainDefinition<State = unknown, C extends Command = Command, E extends Event = Event> {
  /** Lower-case letters and digits: the topics are `<name>.commands|events|snapshots`, the Avro namespace `eventline.<name>`. */
  readonly name: string;
  /** What the aggregate id (the Kafka key of every domain topic) is called in the API, e.g. `orderId`. */
  readonly aggregateKey: string;
  /** Command record names: what clients may send as `name`. */
  readonly commandNames: readonly C['type'][];
  /** Event record names in `<domain>.events`. */
  readonly eventNames: readonly E['type'][];
  /** Avro record that carries the decider state in `<domain>.snapshots`. */
  readonly snapshotRecord: string;
  readonly decider: Decider<State, C, E>;
  /** The domain's Avro records in compact form (`domains/<name>/schemas.ts`); `schemas/avro/<name>/` is generated from it. */
  readonly schemas: DomainSchemaSource;
  /** Who may send which command and see which aggregate (access.ts). */
  readonly access: DomainAccess<C, any>;
  /** How the gateway reads the facts `access.canSee` decides on, from the domain's read models. */
  readonly accessFacts: AccessFactsQuery<any>;
  /** The domain's read models, each with its projection; the event history is added for it. */
  readonly readModels: readonly AnyReadModel[];
  /**
   * Migrations that create and change the domain's tables (its event history included), in
   * order, each named `<domain>/<NNNN>-<what>`. Released migrations never change.
   */
  readonly migrations: readonly MigrationObject[];
}

export interface DomainModule<State = unknown, C extends Command = Command, E extends Event = Event> extends DomainDefinition<State, C, E> {
  /** Avro namespace of the domain's records in `schemas/`. */
  readonly namespace: string;
  /** The read models' projections, the event history last. */
  readonly projections: readonly Projection<unknown, RecordedEvent<E>>[];
  /** The domain's read models, the event history last. */
  readonly readModels: readonly AnyReadModel[];
  /** `<domain>_event_history`: what `<domain>.events` subscribers resume from. */
  readonly eventHistory: EventHistoryReadModel;
}

/**
 * The members of a string union as a list. Taking a Record makes the compiler insist on
 * every member, and on nothing else, so a new command or event cannot be forgotten here.
 */
export function namesOf<Name extends string>(names: Readonly<Record<Name, true>>): readonly Name[] {
  return Object.freeze(Object.keys(names) as Name[]);
}
