import { findDomain } from '../../../domains';
import { RECENT_COMMANDS_LIMIT, type AggregateRecord } from '../../../services/command-handler/aggregate';
import { assignEventOffsets, planBatch, type IncomingCommand } from '../../../services/command-handler/plan-batch';

const orders = findDomain('orders')!;
let sequence = 0;

function command(name: string, aggregateId: string, data: unknown, commandId = `c-${(sequence += 1)}`): IncomingCommand {
  return { name, record: { commandId, aggregateId, userId: 'c-1', roles: [], correlationId: null, issuedAt: new Date(0), data } };
}
const place = (id: string, commandId?: string): IncomingCommand =>
  command('PlaceOrder', id, { storeId: 's-1', customerId: 'c-1', items: [{ sku: 'a', qty: 2, priceCents: 100 }], currency: 'EUR' }, commandId);
const pay = (id: string, amountCents: number): IncomingCommand => command('PayOrder', id, { amountCents });
const noErrors = (): void => {
  throw new Error('decider should not throw');
};

describe('planBatch', () => {
  it('decides each command against the state left by the ones before it in the batch', () => {
    const plan = planBatch(orders, [place('o-1'), pay('o-1', 200), pay('o-1', 200)], () => undefined, new Date(5), noErrors);
    expect(plan.commands.map((c) => [c.decided.status, c.decided.version, c.events.map((e) => e.version)])).toEqual([
      ['ACCEPTED', 1, [1]],
      ['ACCEPTED', 2, [2]],
      ['REJECTED', 2, []],
    ]);
    expect(plan.changed.get('o-1')).toMatchObject({ version: 2, state: { status: 'PAID', paidCents: 200 } });
    expect(plan.commands[1]!.events[0]).toMatchObject({ type: 'OrderPaid', aggregateId: 'o-1', commandId: plan.commands[1]!.command.record.commandId, occurredAt: new Date(5) });
  });

  it('answers a remembered command id with its first outcome and no events', () => {
    const first = planBatch(orders, [place('o-2', 'same-id')], () => undefined, new Date(0), noErrors);
    const stored = first.changed.get('o-2')!;
    const again = planBatch(orders, [place('o-2', 'same-id')], (id) => (id === 'o-2' ? stored : undefined), new Date(0), noErrors);
    expect(again.commands[0]).toMatchObject({ duplicate: true, events: [], decided: first.commands[0]!.decided });
    expect(again.changed.size).toBe(0);
  });

  it('remembers a rejected command too, so a resend is not decided again', () => {
    const plan = planBatch(orders, [pay('o-3', 5)], () => undefined, new Date(0), noErrors);
    expect(plan.changed.get('o-3')!.recentCommands.map((r) => r.status)).toEqual(['REJECTED']);
  });

  it('keeps a bounded window of recent commands per aggregate', () => {
    const many = Array.from({ length: RECENT_COMMANDS_LIMIT + 10 }, () => pay('o-4', 1));
    const plan = planBatch(orders, many, () => undefined, new Date(0), noErrors);
    const recent = plan.changed.get('o-4')!.recentCommands;
    expect(recent).toHaveLength(RECENT_COMMANDS_LIMIT);
    expect(recent[recent.length - 1]!.commandId).toBe(many[many.length - 1]!.record.commandId);
  });

  it('rejects instead of throwing when the decider has a bug', () => {
    const broken = { ...orders, decider: { ...orders.decider, decide: () => { throw new Error('bug'); } } };
    const errors: unknown[] = [];
    const plan = planBatch(broken, [place('o-5')], () => undefined, new Date(0), (error) => errors.push(error));
    expect(plan.commands[0]!.decided).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/internal error/) });
    expect(errors).toHaveLength(1);
  });

  it('assigns event offsets in plan order, skipping rejected and duplicate commands', () => {
    const restored: AggregateRecord = { aggregateId: 'o-7', version: 0, state: orders.decider.initialState(), recentCommands: [] };
    const plan = planBatch(orders, [place('o-6'), pay('o-6', 1), place('o-7'), pay('o-7', 200)], (id) => (id === 'o-7' ? restored : undefined), new Date(0), noErrors);
    assignEventOffsets(plan, 3, [100, 101, 105]);
    expect(plan.commands.map((c) => [c.decided.eventsPartition, c.decided.firstEventOffset, c.decided.lastEventOffset])).toEqual([
      [3, 100, 100],
      [null, null, null],
      [3, 101, 101],
      [3, 105, 105],
    ]);
  });
});
