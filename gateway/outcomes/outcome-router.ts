/**
 * Routes each CommandOutcome read from `<domain>.outcomes` to whoever sent that command
 * through this gateway instance, and writes its audit line (`command.accepted` /
 * `command.rejected`): the instance that took a command audits its decision, once. Every
 * instance reads every outcome; most are for commands another instance took, and are dropped
 * after one map lookup.
 */
import type { AuditLog } from '../../platform/audit';
import type { Logger } from '../../platform/logger';
import { outcomeMessage } from '../protocol';
import type { FeedHandler } from '../fanout';
import type { PendingCommands } from './pending-commands';

export function createOutcomeRouter(pending: Pick<PendingCommands, 'take'>, logger: Logger, audit: AuditLog): FeedHandler {
  return ({ record, topic, partition, offset, trace }) => {
    if (record.subject !== 'eventline.CommandOutcome') {
      logger.warn({ topic, partition, offset, subject: record.subject }, 'skipping a record that is not a CommandOutcome');
      return 0;
    }
    const decided = record.value;
    const target = pending.take(decided.commandId);
    if (target === undefined) return 0;
    target.deliverOutcome(outcomeMessage(decided), decided);
    trace?.delivered(topic, decided.commandId);
    const command = { id: decided.commandId, domain: decided.domain, name: decided.commandName, aggregate: decided.aggregateId, version: decided.version };
    if (decided.status === 'ACCEPTED') audit('command.accepted', { user: decided.userId, command });
    else audit('command.rejected', { user: decided.userId, command, reason: decided.reason ?? undefined });
    return 1;
  };
}
