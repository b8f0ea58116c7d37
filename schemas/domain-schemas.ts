/**
 * A domain's Avro records in compact form: what is the domain's own (each command's and
 * event's `data`, the snapshot's `state`, view rows), with the shared envelopes
 * (envelopes.ts) added when rendered. `domains/<name>/schemas.ts` writes one;
 * `npm run schemas:generate` turns a changed or new record into the next version's `.avsc`
 * under `schemas/avro/<name>/` with a new catalog row, and a unit test fails while a source
 * and its latest released version differ.
 */
import { commandEnvelopeFields, eventEnvelopeFields, snapshotFields } from './envelopes';

type AvroJson = Readonly<Record<string, unknown>>;

/** The payload record of a command or event: its name is `<Record>Data`. */
export interface PayloadSource {
  /** What the record is, e.g. "Pay a placed order in full." */
  readonly doc: string;
  /** The `<Record>Data` record's doc and fields. */
  readonly data: { readonly doc: string; readonly fields: readonly AvroJson[] };
}

export interface DomainSchemaSource {
  /** Doc of `aggregateId` in every record, e.g. "Order id (the aggregate key)." */
  readonly aggregateDoc: string;
  readonly commands: Readonly<Record<string, PayloadSource>>;
  readonly events: Readonly<Record<string, PayloadSource>>;
  /** The record of `<domain>.snapshots` and the decider state it carries (a record type). */
  readonly snapshot: { readonly name: string; readonly doc: string; readonly state: AvroJson };
  /** Records written as they are, e.g. a view's row: name → doc and fields. */
  readonly records?: Readonly<Record<string, { readonly doc: string; readonly fields: readonly AvroJson[] }>>;
}

/** Identity with a type: the compiler checks a source's shape where it is written. */
export function defineDomainSchemas(source: DomainSchemaSource): DomainSchemaSource {
  return source;
}

/** Every record of the domain as its `.avsc` JSON, by subject (`eventline.<domain>.<Record>`). */
export function renderDomainSchemas(domain: string, source: DomainSchemaSource): ReadonlyMap<string, AvroJson> {
  const namespace = `eventline.${domain}`;
  const record = (name: string, doc: string, fields: readonly AvroJson[]): [string, AvroJson] => [`${namespace}.${name}`, { type: 'record', name, namespace, doc, fields }];
  const payload = (name: string, { doc, data }: PayloadSource, envelope: readonly AvroJson[]) =>
    record(name, doc, [...envelope, { name: 'data', type: { type: 'record', name: `${name}Data`, doc: data.doc, fields: data.fields }, doc: 'The business payload.' }]);
  return new Map([
    ...Object.entries(source.commands).map(([name, command]) => payload(name, command, commandEnvelopeFields(source.aggregateDoc))),
    ...Object.entries(source.events).map(([name, event]) => payload(name, event, eventEnvelopeFields(source.aggregateDoc))),
    record(source.snapshot.name, source.snapshot.doc, snapshotFields(source.aggregateDoc, source.snapshot.state)),
    ...Object.entries(source.records ?? {}).map(([name, { doc, fields }]) => record(name, doc, fields)),
  ]);
}
