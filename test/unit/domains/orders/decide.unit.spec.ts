import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InternalError } from '../../../../platform/errors';
import { ordersDecider, type OrderEvent, type PlaceOrder } from '../../../../domains/orders';
import { deciderSpec } from '../support/decider-spec';
import {
  cancelOrder,
  orderCancelled,
  orderPaid,
  orderPlaced,
  orderShipped,
  payOrder,
  placeData,
  placeOrder,
  shipOrder,
  STAFF_ROLES,
  STORE_ID,
  CLERK,
  CUSTOMER,
} from './fixtures';

const spec = deciderSpec(ordersDecider);

const placed = [orderPlaced()];
const paid = [...placed, orderPaid()];
const shipped = [...paid, orderShipped()];
const cancelledUnpaid = [...placed, orderCancelled('PLACED', 0)];
const cancelledPaid = [...paid, orderCancelled('PAID', 250)];

const withLines = (items: PlaceOrder['data']['items']): PlaceOrder => placeOrder({ ...placeData, items });

describe('PlaceOrder', () => {
  it('places a new order with the total computed from its lines', () => {
    spec.given([]).when(placeOrder()).then([orderPlaced(STORE_ID, 250)]);
  });

  it('accepts duplicate sku lines and counts each', () => {
    const items = [
      { sku: 'tea', qty: 1, priceCents: 100 },
      { sku: 'tea', qty: 3, priceCents: 90 },
    ];
    spec
      .given([])
      .when(withLines(items))
      .then([{ type: 'OrderPlaced', data: { ...placeData, items, totalCents: 370 } }]);
  });

  it.each([
    ['placed', placed],
    ['paid', paid],
    ['shipped', shipped],
    ['cancelled', cancelledUnpaid],
  ])('rejects an order that is already %s', (_, history) => {
    spec.given(history).when(placeOrder()).thenRejects('order already exists');
  });

  it('rejects an order without lines', () => {
    spec.given([]).when(withLines([])).thenRejects('an order needs at least one item');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects quantity %p', (qty) => {
    spec
      .given([])
      .when(withLines([{ sku: 'tea', qty, priceCents: 100 }]))
      .thenRejects(`item tea: quantity ${qty} is not a positive whole number`);
  });

  it.each([-1, 0.5, Number.POSITIVE_INFINITY])('rejects price %p', (priceCents) => {
    spec
      .given([])
      .when(withLines([{ sku: 'tea', qty: 1, priceCents }]))
      .thenRejects(`item tea: price ${priceCents} is not a whole number of cents`);
  });

  it('rejects a total beyond exact integer range', () => {
    spec
      .given([])
      .when(withLines([{ sku: 'gold', qty: 1000, priceCents: Number.MAX_SAFE_INTEGER }]))
      .thenRejects('order total is too large');
  });

  it('rejects a free order, which could never be paid', () => {
    spec
      .given([])
      .when(withLines([{ sku: 'sample', qty: 3, priceCents: 0 }]))
      .thenRejects('order total must be greater than zero');
  });

  it('decides any line data without throwing, and totals what it accepts', () => {
    const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER));
    const line = fc.record({ sku: fc.string(), qty: number, priceCents: number });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (items) => {
        const decision = ordersDecider.decide(withLines(items), ordersDecider.initialState());
        if (decision.status === 'rejected') return;
        const [event] = decision.events;
        const total = items.reduce((sum, { qty, priceCents }) => sum + qty * priceCents, 0);
        expect(event?.type === 'OrderPlaced' && event.data.totalCents).toBe(total);
        expect(Number.isSafeInteger(total) && total > 0).toBe(true);
      }),
    );
  });
});

describe('PayOrder', () => {
  it('pays a placed order the exact total', () => {
    spec.given(placed).when(payOrder(250)).then([orderPaid(STORE_ID, 250)]);
  });

  it('rejects an amount that differs from the total', () => {
    spec.given(placed).when(payOrder(100)).thenRejects('amount 100 does not match order total 250');
  });

  it.each([
    ['a missing order', [], 'order does not exist or is not yours'],
    ['a paid order', paid, 'order already paid'],
    ['a shipped order', shipped, 'order already shipped'],
    ['a cancelled order', cancelledUnpaid, 'order already cancelled'],
  ])('rejects paying %s', (_, history: OrderEvent[], reason) => {
    spec.given(history).when(payOrder(250)).thenRejects(reason);
  });
});

describe('ShipOrder', () => {
  it('ships a paid order', () => {
    spec.given(paid).when(shipOrder('TRACK-1')).then([orderShipped()]);
  });

  it('ships without a tracking number', () => {
    spec
      .given(paid)
      .when(shipOrder(null))
      .then([{ type: 'OrderShipped', data: { storeId: STORE_ID, carrier: 'DHL', trackingNumber: null } }]);
  });

  it.each([
    ['a missing order', [], 'order does not exist'],
    ['an unpaid order', placed, 'order is not paid'],
    ['a shipped order', shipped, 'order already shipped'],
    ['an order cancelled before payment', cancelledUnpaid, 'order already cancelled'],
    ['an order cancelled after payment', cancelledPaid, 'order already cancelled'],
  ])('rejects shipping %s', (_, history: OrderEvent[], reason) => {
    spec.given(history).when(shipOrder()).thenRejects(reason);
  });
});

describe('CancelOrder', () => {
  it('cancels an unpaid order without refund', () => {
    spec.given(placed).when(cancelOrder()).then([orderCancelled('PLACED', 0)]);
  });

  it('cancels a paid order and refunds what was paid', () => {
    spec.given(paid).when(cancelOrder()).then([orderCancelled('PAID', 250)]);
  });

  it.each([
    ['a missing order', [], 'order does not exist or is not yours'],
    ['a shipped order', shipped, 'order already shipped'],
    ['a cancelled order', cancelledPaid, 'order already cancelled'],
  ])('rejects cancelling %s', (_, history: OrderEvent[], reason) => {
    spec.given(history).when(cancelOrder()).thenRejects(reason);
  });
});

describe('ownership: an order belongs to its customer', () => {
  const STRANGER = 'mallory';

  it('lets staff place an order for any customer, and nobody else', () => {
    spec.given([]).when(placeOrder(placeData, 'order-1', CLERK, STAFF_ROLES)).then([orderPlaced()]);
    spec.given([]).when(placeOrder(placeData, 'order-1', STRANGER)).thenRejects('only staff may place an order for another customer');
  });

  it('lets the customer or staff pay and cancel, and says the same to a stranger whether the order exists or not', () => {
    spec.given(placed).when(payOrder(250, 'order-1', CLERK, STAFF_ROLES)).then([orderPaid()]);
    spec.given(paid).when(cancelOrder('changed my mind', 'order-1', CLERK, STAFF_ROLES)).then([orderCancelled('PAID', 250)]);
    for (const history of [[], placed]) {
      spec.given(history).when(payOrder(250, 'order-1', STRANGER)).thenRejects('order does not exist or is not yours');
      spec.given(history).when(cancelOrder('mine now', 'order-1', STRANGER)).thenRejects('order does not exist or is not yours');
    }
  });

  it('lets only staff ship, not even the customer', () => {
    spec.given(paid).when(shipOrder('TRACK-1', 'order-1', CUSTOMER, [])).thenRejects('only staff may ship an order');
  });

  it('counts roles only from the command: a user called "staff" is not staff', () => {
    spec.given(paid).when(shipOrder('TRACK-1', 'order-1', 'staff', [])).thenRejects('only staff may ship an order');
  });
});

describe('order state', () => {
  it('tracks status, totals and the amount held net of refunds', () => {
    const state = (events: OrderEvent[]) => events.reduce(ordersDecider.evolve, ordersDecider.initialState());
    expect(state([])).toEqual({ status: 'NONE', storeId: null, customerId: null, currency: null, totalCents: 0, paidCents: 0 });
    expect(state(placed)).toMatchObject({ status: 'PLACED', storeId: STORE_ID, customerId: 'customer-1', currency: 'EUR', totalCents: 250, paidCents: 0 });
    expect(state(shipped)).toMatchObject({ status: 'SHIPPED', paidCents: 250 });
    expect(state(cancelledPaid)).toMatchObject({ status: 'CANCELLED', totalCents: 250, paidCents: 0 });
  });

  it('fails loudly on a corrupt snapshot rather than emit an event without its store', () => {
    const corrupt = { ...ordersDecider.initialState(), status: 'PLACED' as const, customerId: CUSTOMER, totalCents: 250 };
    expect(() => ordersDecider.decide(payOrder(250), corrupt)).toThrow(InternalError);
  });
});
