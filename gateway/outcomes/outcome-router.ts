/**
 * Routes each CommandOutcome read from `<domain>.outcomes` to whoever sent that command
 * through this gateway instance. Every instance reads every outcome; most are for commands
 * another instance took, and are dropped after one map lookup.
 */
import type { Logger } from '../../platform/logger';
import { outcomeMessage } from '../protocol';
import type { FeedHandler } from '../fanout';
import type { PendingCommands } from './pending-commands';

export function createOutcomeRouter(pending: Pick<PendingCommands, 'take'>, logger: Logger): FeedHandler {
  return ({ record, topic, partition, offset }) => {
    if (record.subject !== 'eventline.CommandOutcome') {
      logger.warn({ topic, partition, offset, subject: record.subject }, 'skipping a record that is not a CommandOutcome');
      return 0;
    }
    const target = pending.take(record.value.commandId);
    target?.deliverOutcome(outcomeMessage(record.value), record.value);
    return target === undefined ? 0 : 1;
  };
}
