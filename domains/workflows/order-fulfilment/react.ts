/**
 * Order fulfilment: a placed order reserves its lines in its store's stock; a refused
 * reservation cancels the order; a cancelled order releases its reservation.
 *
 * The state is kept per order: whether a reservation was asked for, so that cancelling an
 * order the workflow never reserved for (one placed before the workflow ran, say) sends
 * nothing. A cancelled order whose reservation was refused still sends ReleaseStock, which
 * inventory rejects and ignores (`holds no reservation`): the refusal is an inventory event,
 * keyed by store, whose state the order's state cannot see.
 *
 * Order: an order's OrderPlaced and OrderCancelled are on one partition in order, so its
 * ReserveStock is written to the store's commands partition before its ReleaseStock.
 */
import { noReaction, type Reaction, type SourceEvent } from '../../workflow';
import type { InventoryEvent } from '../../inventory';
import type { OrderEvent } from '../../orders';
import type { RecordedEvent } from '../../decider';

export interface FulfilmentState {
  readonly reservationRequested: boolean;
}

export type FulfilmentEvent = SourceEvent<RecordedEvent<OrderEvent>> | SourceEvent<RecordedEvent<InventoryEvent>>;

export const OUT_OF_STOCK = 'out of stock';

export function initialFulfilmentState(): FulfilmentState {
  return { reservationRequested: false };
}

export function react(event: FulfilmentEvent, state: FulfilmentState): Reaction<FulfilmentState> {
  switch (event.type) {
    case 'OrderPlaced': {
      const lines = event.data.items.map(({ sku, qty }) => ({ sku, qty }));
      return {
        commands: [{ domain: 'inventory', name: 'ReserveStock', aggregateId: event.data.storeId, data: { orderId: event.aggregateId, lines } }],
        state: { reservationRequested: true },
      };
    }
    case 'StockReservationRefused':
      return { commands: [{ domain: 'orders', name: 'CancelOrder', aggregateId: event.data.orderId, data: { reason: OUT_OF_STOCK } }], state };
    case 'OrderCancelled':
      // Cancelled is final: the order's state is not needed any more.
      if (!state.reservationRequested) return { ...noReaction(state), done: true };
      return {
        commands: [{ domain: 'inventory', name: 'ReleaseStock', aggregateId: event.data.storeId, data: { orderId: event.aggregateId } }],
        state: { reservationRequested: false },
        done: true,
      };
    case 'OrderShipped':
      // Shipped is final too (a shipped order cannot be cancelled); its reservation stays.
      return { ...noReaction(state), done: true };
    default:
      return noReaction(state);
  }
}
