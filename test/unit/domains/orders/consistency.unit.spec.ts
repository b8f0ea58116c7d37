/**
 * Random command sequences over a few orders and stores, run through the decider as the
 * command handler would; the read models folded from the recorded events must agree with
 * the decider states, and must not depend on how partitions interleave.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '../../../../domains/decider';
import {
  ordersDecider,
  ordersProjection,
  REVENUE_WINDOW_MINUTES,
  storeStatsProjection,
  type OrderCommand,
  type OrderEvent,
  type OrderStatus,
} from '../../../../domains/orders';
import { projectAll } from '../../../../domains/projection';
import { InMemoryHandler, interleave } from '../support/in-memory-handler';
import { cancelOrder, payOrder, placeData, placeOrder, shipOrder } from './fixtures';

const STORES = ['s1', 's2', 's3'] as const;
/** Few orders for many commands, so most orders live through several transitions. */
const ORDERS = 5;
const MINUTE_MS = 60_000;
const START = Date.UTC(2025, 0, 1, 12);

type Intent =
  | { kind: 'place'; order: number; store: number; lines: { qty: number; priceCents: number }[] }
  | { kind: 'pay'; order: number; exact: boolean }
  | { kind: 'ship'; order: number }
  | { kind: 'cancel'; order: number };

const order = fc.nat({ max: ORDERS - 1 });
const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.record({
    kind: fc.constant('place' as const),
    order,
    store: fc.nat({ max: STORES.length - 1 }),
    lines: fc.array(fc.record({ qty: fc.integer({ min: 1, max: 5 }), priceCents: fc.integer({ min: 1, max: 10_000 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ kind: fc.constant('pay' as const), order, exact: fc.boolean() }),
  fc.record({ kind: fc.constant('ship' as const), order }),
  fc.record({ kind: fc.constant('cancel' as const), order }),
);
/** Up to 10 minutes between commands, so histories cross minute buckets and the window. */
const steps = fc.array(fc.record({ intent, advanceMs: fc.integer({ min: 0, max: 10 * MINUTE_MS }) }), {
  maxLength: 120,
  size: 'max', // long histories; the default size keeps arrays too short to reach late statuses
});

type Handler = InMemoryHandler<ReturnType<typeof ordersDecider.initialState>, OrderCommand, OrderEvent>;

function commandFor(intent: Intent, handler: Handler): OrderCommand {
  const orderId = `o${intent.order}`;
  switch (intent.kind) {
    case 'place': {
      const items = intent.lines.map((line, index) => ({ sku: `sku-${index}`, ...line }));
      return placeOrder({ ...placeData, storeId: STORES[intent.store]!, items }, orderId);
    }
    case 'pay': {
      const { totalCents } = handler.stateOf(orderId);
      return payOrder(intent.exact ? totalCents : totalCents + 1, orderId);
    }
    case 'ship':
      return shipOrder('T', orderId);
    case 'cancel':
      return cancelOrder('no longer needed', orderId);
  }
}

function run(history: { intent: Intent; advanceMs: number }[]): Handler {
  const handler: Handler = new InMemoryHandler(ordersDecider);
  let clock = START;
  for (const { intent, advanceMs } of history) {
    clock += advanceMs;
    handler.handle(commandFor(intent, handler), new Date(clock));
  }
  return handler;
}

/** The minute buckets computed directly from the store's payments, independently of the projection. */
function expectedBuckets(log: readonly RecordedEvent<OrderEvent>[], storeId: string) {
  const byMinute = new Map<number, number>();
  for (const event of log) {
    if (event.type !== 'OrderPaid' || event.data.storeId !== storeId) continue;
    const minute = Math.floor(event.occurredAt.getTime() / MINUTE_MS);
    byMinute.set(minute, (byMinute.get(minute) ?? 0) + event.data.amountCents);
  }
  const newest = Math.max(...byMinute.keys());
  return [...byMinute]
    .filter(([minute]) => newest - minute < REVENUE_WINDOW_MINUTES)
    .sort(([a], [b]) => a - b)
    .map(([minute, grossCents]) => ({ minute: new Date(minute * MINUTE_MS), currency: 'EUR', grossCents }));
}

describe('orders read models against decider states', () => {
  it('store_stats counts, open orders, revenue and buckets follow the orders', () => {
    fc.assert(
      fc.property(steps, (history) => {
        const handler = run(history);
        const { log } = handler;
        const states = [...handler.states().values()];
        const stats = projectAll(storeStatsProjection, log);
        for (const storeId of STORES) {
          const mine = states.filter((state) => state.storeId === storeId);
          const row = stats.get(storeId);
          if (mine.length === 0) {
            expect(row).toBeUndefined();
            continue;
          }
          const inStatus = (status: OrderStatus) => mine.filter((state) => state.status === status).length;
          const placedEvents = log.filter((event) => event.type === 'OrderPlaced' && event.data.storeId === storeId);
          expect(row).toMatchObject({
            ordersPlaced: inStatus('PLACED'),
            ordersPaid: inStatus('PAID'),
            ordersShipped: inStatus('SHIPPED'),
            ordersCancelled: inStatus('CANCELLED'),
            openOrders: inStatus('PLACED') + inStatus('PAID'),
            grossRevenueByMinute: expectedBuckets(log, storeId),
          });
          // Every generated order is in EUR: one currency entry whose net is what the orders hold.
          const net = row!.revenueByCurrency.reduce((sum, entry) => sum + entry.netCents, 0);
          expect(net).toBe(mine.reduce((sum, state) => sum + state.paidCents, 0));
          expect(row!.revenueByCurrency.map((entry) => entry.currency).filter((currency) => currency !== 'EUR')).toEqual([]);
          const { ordersPlaced, ordersPaid, ordersShipped, ordersCancelled } = row!;
          expect(ordersPlaced + ordersPaid + ordersShipped + ordersCancelled).toBe(placedEvents.length);
        }
      }),
    );
  });

  it('the orders read model has one row per order in the state the decider holds', () => {
    fc.assert(
      fc.property(steps, (history) => {
        const handler = run(history);
        const rows = projectAll(ordersProjection, handler.log);
        const states = handler.states();
        expect(rows.size).toBe(states.size);
        for (const [orderId, state] of states) {
          expect(rows.get(orderId)).toMatchObject({
            status: state.status,
            storeId: state.storeId,
            customerId: state.customerId,
            currency: state.currency,
            totalCents: state.totalCents,
          });
        }
      }),
    );
  });

  it('rebuilding from any partition interleaving yields the same rows', () => {
    fc.assert(
      fc.property(steps, fc.array(fc.nat(), { minLength: 1 }), (history, picks) => {
        const { log } = run(history);
        const replayed = interleave(log, picks);
        expect(projectAll(storeStatsProjection, replayed)).toEqual(projectAll(storeStatsProjection, log));
        expect(projectAll(ordersProjection, replayed)).toEqual(projectAll(ordersProjection, log));
      }),
    );
  });
});
