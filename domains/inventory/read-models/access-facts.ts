/** What `inventoryAccess.canSee` decides on: whether the store has a `stock_levels` row. */
import type { AccessFactsQuery } from '../../../read-models/define';
import type { InventoryFacts } from '../access';
import { stockLevelsReadModel } from './stock-levels';

export const inventoryFacts: AccessFactsQuery<InventoryFacts> = {
  statement: (storeId) => ({
    text: `SELECT 1 FROM ${stockLevelsReadModel.table} WHERE store_id = $1`,
    values: [storeId],
  }),
  decode: () => ({ exists: true }),
};
