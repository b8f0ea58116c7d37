/** Outcomes back to their senders: pending command ids, HTTP waiters, the outcome router. */
export { PendingCommands, type OutcomeTarget } from './pending-commands';
export { OutcomeWaiter } from './outcome-waiter';
export { createOutcomeRouter } from './outcome-router';
