/** A store's stock and the events that change it. */
import type { inventory } from '../../schemas/generated';
import type { Event } from '../decider';

/** The decider state is the snapshot record's state, so snapshots need no mapping. */
export type InventoryState = inventory.InventoryState;
export type StockLine = inventory.StockLine;

export type StockReceived = Event<'StockReceived', inventory.StockReceivedData>;
export type StockReserved = Event<'StockReserved', inventory.StockReservedData>;
export type StockReservationRefused = Event<'StockReservationRefused', inventory.StockReservationRefusedData>;
export type StockReleased = Event<'StockReleased', inventory.StockReleasedData>;
export type InventoryEvent = StockReceived | StockReserved | StockReservationRefused | StockReleased;

export function initialInventoryState(): InventoryState {
  return { skus: [], reservations: [] };
}

export function evolve(state: InventoryState, event: InventoryEvent): InventoryState {
  switch (event.type) {
    case 'StockReceived':
      return { ...state, skus: changeSku(state.skus, event.data.sku, event.data.qty, 0) };
    case 'StockReserved':
      return {
        skus: event.data.lines.reduce((skus, line) => changeSku(skus, line.sku, 0, line.qty), state.skus),
        reservations: [...state.reservations, { orderId: event.data.orderId, lines: event.data.lines }],
      };
    case 'StockReservationRefused':
      return state;
    case 'StockReleased':
      return {
        skus: event.data.lines.reduce((skus, line) => changeSku(skus, line.sku, 0, -line.qty), state.skus),
        reservations: state.reservations.filter((reservation) => reservation.orderId !== event.data.orderId),
      };
  }
}

/** The skus with `sku`'s units on hand and reserved moved by the deltas, kept in sku order. */
function changeSku(skus: InventoryState['skus'], sku: string, onHand: number, reserved: number): InventoryState['skus'] {
  const index = skus.findIndex((entry) => entry.sku === sku);
  if (index === -1) return [...skus, { sku, onHand, reserved }].sort(bySku);
  const entry = skus[index]!;
  return skus.map((candidate, at) => (at === index ? { sku, onHand: entry.onHand + onHand, reserved: entry.reserved + reserved } : candidate));
}

/** Units of each sku the lines ask for, duplicate skus summed. */
export function unitsBySku(lines: readonly StockLine[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const { sku, qty } of lines) units.set(sku, (units.get(sku) ?? 0) + qty);
  return units;
}

/** Sku order (code units, as the read model and the snapshot keep them). */
export function bySku(a: { readonly sku: string }, b: { readonly sku: string }): number {
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}
