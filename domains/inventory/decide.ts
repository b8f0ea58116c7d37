/**
 * The rules of a store's stock: pure, no I/O. One aggregate per store holds every sku and
 * every open reservation, so a reservation of several skus is all or nothing within one
 * decision. The price: one store's commands are decided one after another on one partition,
 * and its state (snapshot) grows with its skus and open reservations, so both are bounded.
 */
import { actorOf } from '../access';
import { accept, reject, type Decision } from '../decider';
import { inventoryAccess } from './access';
import type { InventoryCommand, ReceiveStock, ReleaseStock, ReserveStock } from './commands';
import { ID_MAX, LINES_MAX } from './schemas';
import { unitsBySku, type InventoryEvent, type InventoryState, type StockLine } from './state';

/** Most skus one store holds: bounds the snapshot and the `stock_levels` row. */
export const SKUS_MAX = 1_000;
/** Most lines all open reservations of a store hold together: bounds the snapshot. */
export const RESERVED_LINES_MAX = 2_000;
/** Most units one line or one receipt may carry. */
export const QTY_MAX = 1_000_000;

export function decide(command: InventoryCommand, state: InventoryState): Decision<InventoryEvent> {
  // The gateway refused these already; a command written to Kafka by another producer was not.
  const denied = inventoryAccess.deny(command, actorOf(command));
  if (denied !== undefined) return reject(denied);
  switch (command.type) {
    case 'ReceiveStock':
      return receiveStock(command, state);
    case 'ReserveStock':
      return reserveStock(command, state);
    case 'ReleaseStock':
      return releaseStock(command, state);
  }
}

function receiveStock({ data }: ReceiveStock, state: InventoryState): Decision<InventoryEvent> {
  const problem = invalidLine(data);
  if (problem !== null) return reject(problem);
  const known = state.skus.find((entry) => entry.sku === data.sku);
  if (known === undefined && state.skus.length >= SKUS_MAX) return reject(`a store holds at most ${SKUS_MAX} skus`);
  if (known !== undefined && !Number.isSafeInteger(known.onHand + data.qty)) return reject(`sku ${data.sku}: too many units`);
  return accept({ type: 'StockReceived', data: { sku: data.sku, qty: data.qty } });
}

/**
 * Enough units of every sku: reserved, all lines. Not enough of some: a refusal, recorded as
 * an event (not a rejection) so that whoever placed the order learns it from the events.
 */
function reserveStock({ data }: ReserveStock, state: InventoryState): Decision<InventoryEvent> {
  const { orderId, lines } = data;
  if (orderId.length === 0 || orderId.length > ID_MAX) return reject(`order id must be 1 to ${ID_MAX} characters`);
  if (lines.length === 0 || lines.length > LINES_MAX) return reject(`a reservation needs 1 to ${LINES_MAX} lines`);
  for (const line of lines) {
    const problem = invalidLine(line);
    if (problem !== null) return reject(problem);
  }
  if (state.reservations.some((reservation) => reservation.orderId === orderId)) return reject(`order ${orderId} holds a reservation already`);
  const held = state.reservations.reduce((sum, reservation) => sum + reservation.lines.length, 0);
  if (held + lines.length > RESERVED_LINES_MAX) return reject(`a store holds at most ${RESERVED_LINES_MAX} reserved lines`);
  const shortSkus = [...unitsBySku(lines)].filter(([sku, qty]) => available(state, sku) < qty).map(([sku]) => sku);
  const copied = lines.map(({ sku, qty }): StockLine => ({ sku, qty }));
  if (shortSkus.length > 0) return accept({ type: 'StockReservationRefused', data: { orderId, lines: copied, shortSkus } });
  return accept({ type: 'StockReserved', data: { orderId, lines: copied } });
}

/** Releasing what is not held (an unknown order, or one released already) is a rejection: nothing changes. */
function releaseStock({ data }: ReleaseStock, state: InventoryState): Decision<InventoryEvent> {
  const reservation = state.reservations.find((candidate) => candidate.orderId === data.orderId);
  if (reservation === undefined) return reject(`order ${data.orderId} holds no reservation`);
  return accept({ type: 'StockReleased', data: { orderId: reservation.orderId, lines: reservation.lines } });
}

function available(state: InventoryState, sku: string): number {
  const entry = state.skus.find((candidate) => candidate.sku === sku);
  return entry === undefined ? 0 : entry.onHand - entry.reserved;
}

/** The schema bounds these; checking again keeps decide total on odd data. */
function invalidLine({ sku, qty }: StockLine): string | null {
  if (sku.length === 0 || sku.length > ID_MAX) return `sku must be 1 to ${ID_MAX} characters`;
  if (!Number.isSafeInteger(qty) || qty <= 0 || qty > QTY_MAX) return `sku ${sku}: quantity ${qty} is not a whole number from 1 to ${QTY_MAX}`;
  return null;
}
