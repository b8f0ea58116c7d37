/**
 * The shared envelopes (schemas/envelopes.ts) are what every registered domain's records
 * repeat: the latest command, event and snapshot versions carry exactly those fields, so the
 * command handler, the gateway and `eventline new domain` may rely on them.
 */
import { describe, expect, it } from '@jest/globals';
import { domains } from '../../../domains';
import { loadCatalog, type chat, type orders } from '../../../schemas';
import { commandEnvelopeFields, eventEnvelopeFields, RECENT_COMMAND_RECORD, snapshotFields, type RecentCommand } from '../../../schemas/envelopes';

const catalog = loadCatalog();

interface RecordJson {
  fields: { name: string; doc: string; type: unknown }[];
}
const latest = (subject: string) => catalog.latest(subject).schema as RecordJson;
const aggregateDocOf = (record: RecordJson) => record.fields.find((field) => field.name === 'aggregateId')!.doc;

describe.each(domains.map((domain) => [domain.name, domain] as const))('the %s domain', (_name, domain) => {
  it.each(domain.commandNames.map((name) => [name]))('%s starts with the command envelope', (name) => {
    const record = latest(`${domain.namespace}.${name}`);
    expect(record.fields.slice(0, -1)).toEqual(commandEnvelopeFields(aggregateDocOf(record)));
    expect(record.fields.at(-1)?.name).toBe('data');
  });

  it.each(domain.eventNames.map((name) => [name]))('%s starts with the event envelope', (name) => {
    const record = latest(`${domain.namespace}.${name}`);
    expect(record.fields.slice(0, -1)).toEqual(eventEnvelopeFields(aggregateDocOf(record)));
    expect(record.fields.at(-1)?.name).toBe('data');
  });

  it('snapshots its state in the snapshot envelope, with the shared RecentCommand', () => {
    const record = latest(`${domain.namespace}.${domain.snapshotRecord}`);
    const state = record.fields.find((field) => field.name === 'state')!.type as Record<string, unknown>;
    expect(record.fields).toEqual(snapshotFields(aggregateDocOf(record), state));
  });
});

describe('RecentCommand', () => {
  it('is the record every domain generates, field for field', () => {
    // Assignable both ways: the generated types and the shared one cannot drift apart.
    const fromOrders: RecentCommand = {} as orders.RecentCommand;
    const fromChat: RecentCommand = {} as chat.RecentCommand;
    const toOrders: orders.RecentCommand = {} as RecentCommand;
    const toChat: chat.RecentCommand = {} as RecentCommand;
    expect([fromOrders, fromChat, toOrders, toChat]).toHaveLength(4);
    expect((RECENT_COMMAND_RECORD.fields as { name: string }[]).map((field) => field.name)).toEqual([
      'commandId', 'commandName', 'status', 'reason', 'version', 'events', 'eventsPartition', 'firstEventOffset', 'lastEventOffset',
    ]);
  });
});
