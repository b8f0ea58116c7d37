/** Command outcome records for tests that stand in for the command handler. */
import type { eventline } from '../../schemas';

/** An accepted PlaceOrder outcome of order-1 (one event at offset 0 of partition 0), with `overrides`. */
export function acceptedOutcome(overrides: Partial<eventline.CommandOutcome> & Pick<eventline.CommandOutcome, 'commandId'>): eventline.CommandOutcome {
  return {
    domain: 'orders',
    commandName: 'PlaceOrder',
    aggregateId: 'order-1',
    userId: 'user-1',
    status: 'ACCEPTED',
    reason: null,
    version: 1,
    events: ['OrderPlaced'],
    eventsPartition: 0,
    firstEventOffset: 0,
    lastEventOffset: 0,
    decidedAt: new Date(0),
    ...overrides,
  };
}
