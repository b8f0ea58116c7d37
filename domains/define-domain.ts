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
export const DOMAIN_NAME = /^[a-z][a-z0-9]{0,30}$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

export function defineDomain<State, C extends Command, E extends Event>(definition: DomainDefinition<State, C, E>): DomainModule<State, C, E> {
  const { name } = definition;
  if (!DOMAIN_NAME.test(name)) throw new InternalError(`domain name "${name}" must be lower-case letters and digits, starting with a letter`);
  const records = [definition.aggregateKey, definition.snapshotRecord, ...definition.commandNames, ...definition.eventNames];
  const odd = records.find((record) => !IDENTIFIER.test(record));
  if (odd !== undefined) throw new InternalError(`domain ${name}: "${odd}" is not a plain identifier`);
  const badMigration = definition.migrations.find((migration) => !migration.name.startsWith(`${name}/`));
  if (badMigration !== undefined) throw new InternalError(`domain ${name}: migration "${badMigration.name}" must be named ${name}/<NNNN>-<what>`);
  sameNames(name, 'commands', definition.commandNames, Object.keys(definition.schemas.commands));
  sameNames(name, 'events', definition.eventNames, Object.keys(definition.schemas.events));
  sameNames(name, 'snapshot', [definition.snapshotRecord], [definition.schemas.snapshot.name]);
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

/** The decider's names and the schema source's records must be the same list: each command and event has its record. */
function sameNames(domain: string, what: string, declared: readonly string[], inSchemas: readonly string[]): void {
  if ([...declared].sort().join() !== [...inSchemas].sort().join()) {
    throw new InternalError(`domain ${domain}: ${what} ${declared.join(', ')} but schemas.ts has ${inSchemas.join(', ')}`);
  }
}
