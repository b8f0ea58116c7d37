/**
 * `stock_levels`: a store's stock per sku (key storeId), published to `views.stock_levels`.
 * One row per store because one event (a reservation of several skus) changes several skus.
 */
import type { inventory } from '../../../../schemas/generated';
import { isStaff } from '../../../access';
import type { RecordedEvent } from '../../../decider';
import type { Projection } from '../../../projection';
import { bySku as compareSkus, type InventoryEvent, type StockLine } from '../../state';

/** The view record without `version`, which the projector owns (see domains/projection.ts). */
export type StockLevelsRow = Omit<inventory.StockLevels, 'version'>;
type SkuLevel = inventory.StockLevels['skus'][number];

export const stockLevelsProjection: Projection<StockLevelsRow, RecordedEvent<InventoryEvent>> = {
  name: 'stock_levels',
  view: 'stock_levels',
  readableBy: isStaff,
  keyOf: (event) => event.aggregateId,
  apply(row, event) {
    const levels: StockLevelsRow = { ...(row ?? emptyLevels(event.aggregateId)), updatedAt: event.occurredAt };
    switch (event.type) {
      case 'StockReceived':
        return { ...levels, skus: moveUnits(levels.skus, [{ sku: event.data.sku, qty: event.data.qty }], 'onHand', 1) };
      case 'StockReserved':
        return { ...levels, skus: moveUnits(levels.skus, event.data.lines, 'reserved', 1), openReservations: levels.openReservations + 1 };
      case 'StockReservationRefused':
        return { ...levels, refusedReservations: levels.refusedReservations + 1 };
      case 'StockReleased':
        return { ...levels, skus: moveUnits(levels.skus, event.data.lines, 'reserved', -1), openReservations: levels.openReservations - 1 };
    }
  },
};

function emptyLevels(storeId: string): StockLevelsRow {
  return { storeId, skus: [], openReservations: 0, refusedReservations: 0, updatedAt: new Date(0) };
}

/** The levels with each line's units added to (sign 1) or taken from (sign −1) `field`, in sku order. */
function moveUnits(skus: readonly SkuLevel[], lines: readonly StockLine[], field: 'onHand' | 'reserved', sign: 1 | -1): SkuLevel[] {
  const bySku = new Map(skus.map((level) => [level.sku, { ...level }]));
  for (const { sku, qty } of lines) {
    const level = bySku.get(sku) ?? { sku, onHand: 0, reserved: 0, available: 0 };
    level[field] += sign * qty;
    level.available = level.onHand - level.reserved;
    bySku.set(sku, level);
  }
  return [...bySku.values()].sort(compareSkus);
}
