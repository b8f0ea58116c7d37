/** The rules that accept or reject order commands. */
import type { orders } from '../../schemas/generated';
import { InternalError } from '../../platform/errors';
import { actorOf } from '../access';
import { accept, reject, type Decision } from '../decider';
import { actsForCustomer, ordersAccess } from './access';
import type { CancelOrder, OrderCommand, PayOrder, PlaceOrder, ShipOrder } from './commands';
import type { OrderEvent, OrderState, OrderStatus } from './state';

/** Why a command cannot act on an order in this status; each command names the statuses it accepts. */
const STATUS_CONFLICT: Readonly<Record<OrderStatus, string>> = {
  NONE: 'order does not exist',
  PLACED: 'order is not paid',
  PAID: 'order already paid',
  SHIPPED: 'order already shipped',
  CANCELLED: 'order already cancelled',
};

export function decide(command: OrderCommand, state: OrderState): Decision<OrderEvent> {
  // The gateway refused these already; a command written to Kafka by another producer was not.
  const denied = ordersAccess.deny(command, actorOf(command));
  if (denied !== undefined) return reject(denied);
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'PayOrder':
      return payOrder(command, state);
    case 'ShipOrder':
      return shipOrder(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
  }
}

function placeOrder({ data }: PlaceOrder, state: OrderState): Decision<OrderEvent> {
  if (state.status !== 'NONE') return reject('order already exists');
  const problem = invalidLines(data.items);
  if (problem !== null) return reject(problem);
  const totalCents = data.items.reduce((sum, line) => sum + line.qty * line.priceCents, 0);
  if (!Number.isSafeInteger(totalCents)) return reject('order total is too large');
  // Payments are at least one cent (schema minimum), so a free order could never be paid.
  if (totalCents === 0) return reject('order total must be greater than zero');
  const { storeId, customerId, items, currency } = data;
  return accept({ type: 'OrderPlaced', data: { storeId, customerId, items, currency, totalCents } });
}

/**
 * The schema layer already bounds lines; checking again keeps decide total on odd data and
 * the order total an exact integer. Duplicate skus are fine: they are separate lines.
 */
function invalidLines(items: readonly orders.OrderLine[]): string | null {
  if (items.length === 0) return 'an order needs at least one item';
  for (const { sku, qty, priceCents } of items) {
    if (!Number.isSafeInteger(qty) || qty <= 0) return `item ${sku}: quantity ${qty} is not a positive whole number`;
    if (!Number.isSafeInteger(priceCents) || priceCents < 0) return `item ${sku}: price ${priceCents} is not a whole number of cents`;
  }
  return null;
}

/** Said the same whether the order exists or not: a stranger learns nothing about other customers' orders. */
const NOT_YOURS = 'order does not exist or is not yours';

function payOrder(command: PayOrder, state: OrderState): Decision<OrderEvent> {
  if (!actsForCustomer(actorOf(command), state.customerId)) return reject(NOT_YOURS);
  const { data } = command;
  if (state.status !== 'PLACED') return reject(STATUS_CONFLICT[state.status]);
  const { amountCents } = data;
  if (amountCents !== state.totalCents) return reject(`amount ${amountCents} does not match order total ${state.totalCents}`);
  const { storeId, currency } = placedFields(state);
  return accept({ type: 'OrderPaid', data: { storeId, amountCents, currency } });
}

function shipOrder({ data }: ShipOrder, state: OrderState): Decision<OrderEvent> {
  if (state.status !== 'PAID') return reject(STATUS_CONFLICT[state.status]);
  const { carrier, trackingNumber } = data;
  return accept({ type: 'OrderShipped', data: { storeId: placedFields(state).storeId, carrier, trackingNumber } });
}

function cancelOrder(command: CancelOrder, state: OrderState): Decision<OrderEvent> {
  if (!actsForCustomer(actorOf(command), state.customerId)) return reject(NOT_YOURS);
  const { data } = command;
  if (state.status !== 'PLACED' && state.status !== 'PAID') return reject(STATUS_CONFLICT[state.status]);
  const { storeId, currency } = placedFields(state);
  return accept({
    type: 'OrderCancelled',
    data: {
      storeId,
      reason: data.reason,
      previousStatus: state.status,
      refundCents: state.status === 'PAID' ? state.paidCents : 0,
      currency,
    },
  });
}

/** Every status but NONE was reached through OrderPlaced, which set these; null means a corrupt snapshot. */
function placedFields(state: OrderState): { storeId: string; currency: string } {
  const { storeId, currency } = state;
  if (storeId === null || currency === null) {
    throw new InternalError(`order state ${state.status} has no storeId or currency`, { context: { state } });
  }
  return { storeId, currency };
}
