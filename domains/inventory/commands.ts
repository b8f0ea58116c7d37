/** The inventory commands: what staff (and the fulfilment workflow) may ask of a store's stock. */
import type { inventory } from '../../schemas/generated';
import type { Command } from '../decider';

export type ReceiveStock = Command<'ReceiveStock', inventory.ReceiveStockData>;
export type ReserveStock = Command<'ReserveStock', inventory.ReserveStockData>;
export type ReleaseStock = Command<'ReleaseStock', inventory.ReleaseStockData>;
export type InventoryCommand = ReceiveStock | ReserveStock | ReleaseStock;
