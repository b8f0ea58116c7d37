/**
 * Orders belong to their customer: `PlaceOrder.customerId` defaults to the caller and may
 * name someone else only for staff; shipping is staff's; paying and cancelling are for the
 * order's customer or staff (the decider checks those, since only the order knows its
 * customer); an order's reads and events are for its customer and staff.
 */
import { isStaff, type Actor, type DomainAccess } from '../access';
import type { OrderCommand } from './commands';

/** What reads and subscriptions of an order are decided on. */
export interface OrderFacts {
  readonly customerId: string;
}

/** Whether the actor is the order's customer or staff. */
export function actsForCustomer(actor: Actor, customerId: string | null): boolean {
  return isStaff(actor) || (customerId !== null && customerId === actor.userId);
}

export const ordersAccess: DomainAccess<OrderCommand, OrderFacts> = {
  callerDefaults: { PlaceOrder: ['customerId'] },

  deny(command, actor) {
    switch (command.type) {
      case 'PlaceOrder':
        return actsForCustomer(actor, command.data.customerId) ? undefined : 'only staff may place an order for another customer';
      case 'ShipOrder':
        return isStaff(actor) ? undefined : 'only staff may ship an order';
      case 'PayOrder':
      case 'CancelOrder':
        return undefined;
    }
  },

  canSee: (actor, facts) => isStaff(actor) || (facts !== undefined && facts.customerId === actor.userId),
};
