/** Order state and the events that change it. */
import type { orders } from '../../schemas/generated';
import type { Event } from '../decider';

/** The decider state is the snapshot record's state, so snapshots need no mapping. */
export type OrderState = orders.OrderState;
export type OrderStatus = orders.OrderStatus;

export type OrderPlaced = Event<'OrderPlaced', orders.OrderPlacedData>;
export type OrderPaid = Event<'OrderPaid', orders.OrderPaidData>;
export type OrderShipped = Event<'OrderShipped', orders.OrderShippedData>;
export type OrderCancelled = Event<'OrderCancelled', orders.OrderCancelledData>;
export type OrderEvent = OrderPlaced | OrderPaid | OrderShipped | OrderCancelled;

export function initialOrderState(): OrderState {
  return { status: 'NONE', storeId: null, customerId: null, currency: null, totalCents: 0, paidCents: 0 };
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced': {
      const { storeId, customerId, currency, totalCents } = event.data;
      return { status: 'PLACED', storeId, customerId, currency, totalCents, paidCents: 0 };
    }
    case 'OrderPaid':
      return { ...state, status: 'PAID', paidCents: event.data.amountCents };
    case 'OrderShipped':
      return { ...state, status: 'SHIPPED' };
    case 'OrderCancelled':
      // paidCents stays net of refunds, so it always equals what the store still holds.
      return { ...state, status: 'CANCELLED', paidCents: state.paidCents - event.data.refundCents };
  }
}
