/** The projector's pure core: checkpoint filtering, routing, in-order apply and row versions. */
import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import type { Projection, RecordedEvent, Versioned } from '../../../domains';
import { ordersProjection, storeStatsProjection } from '../../../domains/orders';
import { InternalError } from '../../../platform/errors';
import { applyRouted, routeEvents, type SourceEvent } from '../../../services/projector';
import { orderCancelled, orderPaid, orderPlaced, orderShipped } from '../domains/orders/fixtures';
import { recorded } from '../domains/support/records';

/** Events at consecutive offsets from `first`, as the projector decodes them. */
function sources(first: number, events: readonly RecordedEvent[]): SourceEvent[] {
  return events.map((event, index) => ({ offset: first + index, message: { offset: String(first + index) } as KafkaMessage, event }));
}

const placed = (orderId: string, at = '2025-01-01T12:00:00.000Z') => recorded(orderPlaced(), orderId, 1, at);
const paid = (orderId: string, at = '2025-01-01T12:01:00.000Z') => recorded(orderPaid(), orderId, 2, at);
const shipped = (orderId: string) => recorded(orderShipped(), orderId, 3, '2025-01-01T12:02:00.000Z');

describe('routeEvents', () => {
  it('skips events at or below the checkpoint: a redelivered batch routes nothing twice', () => {
    const batch = sources(10, [placed('o-1'), paid('o-1'), placed('o-2')]);
    expect(routeEvents(ordersProjection as Projection<unknown>, batch, 10).routed.map(({ source, key }) => [source.offset, key])).toEqual([
      [11, 'o-1'],
      [12, 'o-2'],
    ]);
    expect(routeEvents(ordersProjection as Projection<unknown>, batch, 12).routed).toEqual([]);
    expect(routeEvents(ordersProjection as Projection<unknown>, batch, -1).routed).toHaveLength(3);
  });

  it('leaves out events the projection does not route, and reports a keyOf that throws', () => {
    const projection: Projection<unknown> = {
      name: 'picky',
      keyOf: (event) => {
        if (event.aggregateId === 'bad') throw new InternalError('no key');
        return event.aggregateId === 'skip' ? null : event.aggregateId;
      },
      apply: (row) => row,
    };
    const result = routeEvents(projection, sources(0, [placed('skip'), placed('bad'), placed('ok')]), -1);
    expect(result.routed.map(({ key }) => key)).toEqual(['ok']);
    expect(result.failures.map(({ source, key }) => [source.offset, key])).toEqual([[1, undefined]]);
  });
});

describe('applyRouted', () => {
  it('applies events in offset order and bumps a row version once per event that changed it', () => {
    const batch = sources(0, [placed('o-1'), placed('o-2'), paid('o-1'), shipped('o-1')]);
    const { routed } = routeEvents(ordersProjection as Projection<unknown>, batch, -1);
    const { changed, failures, applied } = applyRouted(ordersProjection, routed, new Map());
    expect(failures).toEqual([]);
    expect(applied).toBe(4);
    expect([...changed].map(([key, row]) => [key, row.status, row.version])).toEqual([
      ['o-1', 'SHIPPED', 3],
      ['o-2', 'PLACED', 1],
    ]);
  });

  it('continues from the stored row and version, never handing the version to the projection', () => {
    const seen: unknown[] = [];
    const spy: typeof ordersProjection = { ...ordersProjection, apply: (row, event) => (seen.push(row), ordersProjection.apply(row, event)) };
    const stored = applyRouted(ordersProjection, routeEvents(ordersProjection as Projection<unknown>, sources(0, [placed('o-1')]), -1).routed, new Map()).changed;
    stored.set('o-1', { ...stored.get('o-1')!, version: 7 });
    const { changed } = applyRouted(spy, routeEvents(ordersProjection as Projection<unknown>, sources(1, [paid('o-1')]), 0).routed, stored);
    expect(changed.get('o-1')).toMatchObject({ status: 'PAID', version: 8 });
    expect(seen[0]).not.toHaveProperty('version');
  });

  it('reports an event whose apply throws, keeps its row as it was, and applies the events after it', () => {
    // OrderPaid for an order never placed: the orders projection refuses to invent a row.
    const batch = sources(0, [paid('ghost'), placed('o-1'), paid('o-1')]);
    const { routed } = routeEvents(ordersProjection as Projection<unknown>, batch, -1);
    const { changed, failures, applied } = applyRouted(ordersProjection, routed, new Map());
    expect(failures.map(({ source, key, error }) => [source.offset, key, error instanceof InternalError])).toEqual([[0, 'ghost', true]]);
    expect(applied).toBe(2);
    expect([...changed.keys()]).toEqual(['o-1']);
    expect(changed.get('o-1')!.version).toBe(2);
  });

  it('folds many orders into the shared store row, counting each change', () => {
    const batch = sources(0, [placed('o-1'), placed('o-2'), paid('o-1'), recorded(orderCancelled('PAID', 250), 'o-1', 3, '2025-01-01T12:03:00.000Z')]);
    const { routed } = routeEvents(storeStatsProjection as Projection<unknown>, batch, -1);
    const row = applyRouted(storeStatsProjection, routed, new Map()).changed.get('store-7') as Versioned<Record<string, unknown>>;
    expect(row).toMatchObject({ ordersPlaced: 1, ordersPaid: 0, ordersCancelled: 1, openOrders: 1, revenueByCurrency: [{ currency: 'EUR', grossCents: 250, refundedCents: 250, netCents: 0 }], version: 4 });
  });
});
