/** The inventory domain: a store's stock (key `storeId`), the `stock_levels` view and `inventory_event_history`. */
import type { Decider } from '../decider';
import { defineDomain } from '../define-domain';
import { namesOf, type DomainModule } from '../domain-module';
import { inventoryAccess } from './access';
import type { InventoryCommand } from './commands';
import { decide } from './decide';
import { inventoryFacts, inventoryMigrations, stockLevelsReadModel } from './read-models';
import { inventorySchemas } from './schemas';
import { evolve, initialInventoryState, type InventoryEvent, type InventoryState } from './state';

export { inventoryAccess, ONLY_STAFF, type InventoryFacts } from './access';
export type { InventoryCommand, ReceiveStock, ReleaseStock, ReserveStock } from './commands';
export { QTY_MAX, RESERVED_LINES_MAX, SKUS_MAX } from './decide';
export type { InventoryEvent, InventoryState, StockLine, StockReceived, StockReleased, StockReservationRefused, StockReserved } from './state';
export { stockLevelsProjection, type StockLevelsRow } from './projections/stock-levels';
export { stockLevelsReadModel } from './read-models';

export const inventoryDecider: Decider<InventoryState, InventoryCommand, InventoryEvent> = {
  initialState: initialInventoryState,
  decide,
  evolve,
};

export const inventoryDomain: DomainModule<InventoryState, InventoryCommand, InventoryEvent> = defineDomain({
  name: 'inventory',
  aggregateKey: 'storeId',
  commandNames: namesOf<InventoryCommand['type']>({ ReceiveStock: true, ReserveStock: true, ReleaseStock: true }),
  eventNames: namesOf<InventoryEvent['type']>({ StockReceived: true, StockReserved: true, StockReservationRefused: true, StockReleased: true }),
  snapshotRecord: 'InventorySnapshot',
  schemas: inventorySchemas,
  decider: inventoryDecider,
  access: inventoryAccess,
  accessFacts: inventoryFacts,
  readModels: [stockLevelsReadModel],
  migrations: inventoryMigrations,
});
