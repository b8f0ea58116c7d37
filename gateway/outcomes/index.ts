/** Outcomes back to their senders: pending command ids, HTTP waiters, the outcome router, read-your-writes waits. */
export { PendingCommands, UNWAITED, type OutcomeTarget } from './pending-commands';
export { OutcomeWaiter } from './outcome-waiter';
export { createOutcomeRouter } from './outcome-router';
export { PROJECTION_POLL_MS, ProjectionWaits, projectedTarget, type ProjectionWaitsOptions } from './projection-waits';
