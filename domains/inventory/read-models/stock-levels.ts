/** `stock_levels`: one row per store (key storeId), served at `GET /api/stores/:storeId/stock`. */
import type { inventory } from '../../../schemas/generated';
import { bigintNumber, defineReadModel, jsonb, text, timestamptz } from '../../../read-models/define';
import { stockLevelsProjection, type StockLevelsRow } from '../projections/stock-levels';

export const stockLevelsReadModel = defineReadModel<StockLevelsRow, 'storeId'>({
  projection: stockLevelsProjection,
  table: 'stock_levels',
  entityName: 'StockLevels',
  columns: {
    storeId: { name: 'store_id', type: text },
    skus: { name: 'skus', type: jsonb((json) => json as inventory.StockLevels['skus']) },
    openReservations: { name: 'open_reservations', type: bigintNumber },
    refusedReservations: { name: 'refused_reservations', type: bigintNumber },
    updatedAt: { name: 'updated_at', type: timestamptz },
  },
  primaryKey: ['storeId'],
  keyOf: (row) => row.storeId,
  primaryKeyOf: (key) => ({ storeId: key }),
  viewSubject: 'eventline.inventory.StockLevels',
  routes: [{ path: '/api/stores/:storeId/stock', serves: 'row' }],
});
