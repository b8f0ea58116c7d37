/** defineDomain: what it derives for every domain, and the definitions it refuses. */
import { describe, expect, it } from '@jest/globals';
import { defineDomain, type DomainDefinition } from '../../../domains';
import { ordersDomain } from '../../../domains/orders';
import { InternalError } from '../../../platform/errors';
import { defineReadModel, text } from '../../../read-models';

/** The orders definition under another name: every part a definition has, all valid. */
const definition: DomainDefinition = {
  name: 'billing',
  aggregateKey: ordersDomain.aggregateKey,
  commandNames: ordersDomain.commandNames,
  eventNames: ordersDomain.eventNames,
  snapshotRecord: ordersDomain.snapshotRecord,
  schemas: ordersDomain.schemas,
  decider: ordersDomain.decider as DomainDefinition['decider'],
  access: ordersDomain.access,
  accessFacts: ordersDomain.accessFacts,
  readModels: [],
  migrations: [],
};

describe('defineDomain', () => {
  it('adds the namespace and the event history after the own read models', () => {
    const billing = defineDomain(definition);
    expect(billing.namespace).toBe('eventline.billing');
    expect(billing.eventHistory.name).toBe('billing_event_history');
    expect(billing.eventHistory.entityName).toBe('BillingEventHistory');
    expect(billing.readModels).toEqual([billing.eventHistory]);
    expect(billing.projections).toEqual([billing.eventHistory.projection]);
    expect(ordersDomain.readModels.map((model) => model.name)).toEqual(['orders', 'store_stats', 'orders_event_history']);
  });

  it.each<[string, Partial<DomainDefinition>, string]>([
    ['a name with capitals', { name: 'Billing' }, 'lower-case letters and digits'],
    ['a name with a dot', { name: 'bill.ing' }, 'lower-case letters and digits'],
    ['a record name that is not an identifier', { snapshotRecord: 'Order Snapshot' }, 'not a plain identifier'],
    ['a command without its record', { commandNames: [...ordersDomain.commandNames, 'RefundOrder'] }, 'commands'],
    ['an event without its record', { eventNames: ordersDomain.eventNames.slice(1) }, 'events'],
    ['a snapshot record the schemas do not have', { snapshotRecord: 'BillingSnapshot' }, 'snapshot'],
    ['a migration named for another domain', { migrations: [{ name: 'orders/0001-tables', class: class {} as never }] }, 'must be named billing/'],
  ])('refuses %s', (_case, change, message) => {
    expect(() => defineDomain({ ...definition, ...change })).toThrow(InternalError);
    expect(() => defineDomain({ ...definition, ...change })).toThrow(message);
  });
});

describe('read routes of a read model', () => {
  const projection = { name: 'notes', keyOf: () => null, apply: () => ({ noteId: 'n', text: 't' }) };
  const spec = (routes: { path: `/api/${string}`; serves: 'row' | 'page' }[]) => ({
    projection,
    table: 'notes',
    entityName: 'Note',
    columns: { noteId: { name: 'note_id', type: text }, text: { name: 'text', type: text } },
    primaryKey: ['noteId'] as const,
    keyOf: (row: { noteId: string }) => row.noteId,
    primaryKeyOf: (key: string) => ({ noteId: key }),
    routes,
  });

  it('takes a path with one parameter', () => {
    expect(defineReadModel(spec([{ path: '/api/notes/:noteId', serves: 'row' }])).routes).toHaveLength(1);
  });

  it.each([
    [[{ path: '/api/notes', serves: 'row' }], 'exactly one parameter'],
    [[{ path: '/api/notes/:a/:b', serves: 'row' }], 'exactly one parameter'],
    [[{ path: '/api/notes/:noteId/pages', serves: 'page' }], 'primary key (aggregate, sequence)'],
  ] as const)('refuses %j', (routes, message) => {
    expect(() => defineReadModel(spec([...routes]))).toThrow(message);
  });
});
