/**
 * A store's stock is staff's: receiving, reserving and releasing stock, its `stock_levels`
 * row and its events. A customer who could reserve could hold every unit of a store with
 * orders never paid; the fulfilment workflow reserves for customers' orders, as staff.
 */
import { isStaff, type DomainAccess } from '../access';
import type { InventoryCommand } from './commands';

/** What reads and subscriptions are decided on (read-models/access-facts.ts): the store has stock. */
export interface InventoryFacts {
  readonly exists: true;
}

export const ONLY_STAFF = 'only staff may manage stock';

export const inventoryAccess: DomainAccess<InventoryCommand, InventoryFacts> = {
  callerDefaults: {},
  deny: (_command, actor) => (isStaff(actor) ? undefined : ONLY_STAFF),
  canSee: (actor, facts) => isStaff(actor) && facts !== undefined,
};
