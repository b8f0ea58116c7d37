/**
 * `defineDomain`: a domain's definition checked and completed with what every domain has in
 * the same way (its Avro namespace, its event history), so nothing outside the domain's
 * folder names it except the one registration line in `domains/index.ts`.
 */
import { InternalError } from '../platform/errors';
import { eventHistoryReadModel } from '../read-models/event-history';
import type { Command, Event, RecordedEvent } from './decider';
import type { DomainDefinition, DomainModule } from './domain-module';
import type { Projection } from './projection';

/** Topic names, table names and the Avro namespace are built from it. */
const DOMAIN_NAME = /^[a-z][a-z0-9]{0,30}$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

export function defineDomain<State, C extends Command, E extends Event>(definition: DomainDefinition<State, C, E>): DomainModule<State, C, E> {
  const { name } = definition;
  if (!DOMAIN_NAME.test(name)) throw new InternalError(`domain name "${name}" must be lower-case letters and digits, starting with a letter`);
  const records = [definition.aggregateKey, definition.snapshotRecord, ...definition.commandNames, ...definition.eventNames];
  const odd = records.find((record) => !IDENTIFIER.test(record));
  if (odd !== undefined) throw new InternalError(`domain ${name}: "${odd}" is not a plain identifier`);
  const badMigration = definition.migrations.find((migration) => !migration.name.startsWith(`${name}/`));
  if (badMigration !== undefined) throw new InternalError(`domain ${name}: migration "${badMigration.name}" must be named ${name}/<NNNN>-<what>`);
  const eventHistory = eventHistoryReadModel(name);
  const readModels = Object.freeze([...definition.readModels, eventHistory]);
  return Object.freeze({
    ...definition,
    namespace: `eventline.${name}`,
    readModels,
    projections: Object.freeze(readModels.map((model) => model.projection as Projection<unknown, RecordedEvent<E>>)),
    eventHistory,
  });
}
