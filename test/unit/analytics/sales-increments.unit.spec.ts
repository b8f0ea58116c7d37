/**
 * The analytics computation alone: given events, then these increments. Exact figures for a
 * hand-written scenario, and — what makes per-partition checkpoints enough — the same sums
 * whatever the batching and the interleaving of orders.
 */
import fc from 'fast-check';
import type { RecordedEvent } from '../../../domains';
import type { OrderEvent } from '../../../domains/orders';
import { DecodeError } from '../../../platform/errors';
import { createCodec } from '../../../schemas';
import { dayOf, hourOf, salesIncrements, toOrderEvent, type SalesIncrements } from '../../../services/analytics';
import { OrderStory, salesScenario, sortRows, type FunnelRow, type RevenueRow } from '../../support/analytics-events';

/** Adds up increments of several batches into table rows, as the SQL upserts do. */
function asRows(batches: SalesIncrements[]): { revenue: RevenueRow[]; funnel: FunnelRow[] } {
  const revenue = new Map<string, RevenueRow>();
  const funnel = new Map<string, FunnelRow>();
  for (const batch of batches) {
    for (const inc of batch.revenue) {
      const hour = inc.hour.toISOString();
      const row = revenue.get(`${inc.storeId}/${inc.currency}/${hour}`) ?? { storeId: inc.storeId, currency: inc.currency, hour, grossCents: 0, refundedCents: 0, netCents: 0, payments: 0, refunds: 0 };
      row.grossCents += inc.grossCents;
      row.refundedCents += inc.refundedCents;
      row.netCents = row.grossCents - row.refundedCents;
      row.payments += inc.payments;
      row.refunds += inc.refunds;
      revenue.set(`${inc.storeId}/${inc.currency}/${hour}`, row);
    }
    for (const inc of batch.funnel) {
      const row = funnel.get(`${inc.storeId}/${inc.day}`) ?? { storeId: inc.storeId, day: inc.day, placed: 0, paid: 0, shipped: 0, cancelled: 0 };
      row.placed += inc.placed;
      row.paid += inc.paid;
      row.shipped += inc.shipped;
      row.cancelled += inc.cancelled;
      funnel.set(`${inc.storeId}/${inc.day}`, row);
    }
  }
  return { revenue: sortRows([...revenue.values()], (row) => `${row.hour}/${row.currency}`), funnel: sortRows([...funnel.values()], (row) => row.day) };
}

describe('sales increments', () => {
  const scenario = salesScenario('order');
  const expected = { revenue: sortRows(scenario.revenue, (row) => `${row.hour}/${row.currency}`), funnel: sortRows(scenario.funnel, (row) => row.day) };

  it('computes revenue per store, currency and hour (gross, refunds, net) and the daily funnel per store', () => {
    expect(asRows([salesIncrements(scenario.events)])).toEqual(expected);
  });

  it('adds nothing for no events, and no revenue bucket for an unpaid cancellation', () => {
    expect(salesIncrements([])).toEqual({ revenue: [], funnel: [] });
    const unpaid = new OrderStory('o', 's').placed('2024-03-01T09:00:00Z', 100).cancelled('2024-03-01T09:30:00Z');
    expect(salesIncrements(unpaid.events).revenue).toEqual([]);
  });

  it('gives the same sums for any batching and any interleaving of the orders', () => {
    const byOrder = new Map<string, RecordedEvent<OrderEvent>[]>();
    for (const event of scenario.events) byOrder.set(event.aggregateId, [...(byOrder.get(event.aggregateId) ?? []), event]);
    const histories = [...byOrder.values()];
    const total = scenario.events.length;
    fc.assert(
      fc.property(fc.array(fc.nat(histories.length - 1), { minLength: total, maxLength: total }), fc.array(fc.nat(total), { maxLength: 6 }), (picks, cuts) => {
        // Interleave: each pick takes the next event of a still-unfinished order (per-order order kept).
        const queues = histories.map((history) => [...history]);
        const interleaved: RecordedEvent<OrderEvent>[] = [];
        for (const pick of picks) {
          const open = queues.filter((queue) => queue.length > 0);
          interleaved.push(open[pick % open.length]!.shift()!);
        }
        const bounds = [0, ...[...cuts].sort((x, y) => x - y), total];
        const batches = bounds.slice(1).map((end, i) => salesIncrements(interleaved.slice(bounds[i], end)));
        expect(asRows(batches)).toEqual(expected);
      }),
    );
  });

  it('buckets by UTC hour and day of occurredAt', () => {
    expect(hourOf(new Date('2024-03-01T09:59:59.999Z')).toISOString()).toBe('2024-03-01T09:00:00.000Z');
    expect(hourOf(new Date('2024-03-01T10:00:00.000Z')).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(dayOf(new Date('2024-03-01T23:59:59.999Z'))).toBe('2024-03-01');
    expect(dayOf(new Date('2024-03-02T00:00:00.000Z'))).toBe('2024-03-02');
  });
});

describe('orders events from decoded records', () => {
  const codec = createCodec();

  it('keeps the record fields and adds the record name as type', () => {
    const [placed] = new OrderStory('o-1', 'store-1').placed('2024-03-01T09:00:00Z', 100).events;
    const { type, ...record } = placed!;
    expect(toOrderEvent(codec.decode(codec.encode(`eventline.orders.${type}`, record)))).toEqual(placed);
  });

  it('refuses a record that is not an orders event with a DecodeError', () => {
    const room = { aggregateId: 'room-1', version: 1, commandId: 'c-1', userId: 'alice', occurredAt: new Date(0), data: { title: 'hi', createdBy: 'alice', private: false } };
    const decoded = codec.decode(codec.encode('eventline.chat.RoomCreated', room));
    expect(() => toOrderEvent(decoded)).toThrow(DecodeError);
  });
});
