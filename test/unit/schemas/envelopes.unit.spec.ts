/**
 * The shared `RecentCommand` (schemas/envelopes.ts) is the record every domain's snapshot
 * carries (its Avro form is rendered into each domain's snapshot: domain-schemas.unit.spec.ts).
 */
import { describe, expect, it } from '@jest/globals';
import type { chat, orders } from '../../../schemas';
import { RECENT_COMMAND_RECORD, type RecentCommand } from '../../../schemas/envelopes';

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
