/**
 * Deletes the consumer groups that killed gateways left behind. Each gateway reads through a
 * group of its own, `<KAFKA_CLIENT_ID>-gateway-<uuid>`, and deletes it on close; a gateway
 * killed with SIGKILL cannot. Once its member's session has expired such a group is Empty,
 * and every gateway deletes the Empty ones it finds, at start-up and then at intervals. A live
 * gateway's group is never Empty; if its session expired for a moment (a long pause) and its
 * group was deleted, it loses nothing: it never relies on committed offsets (feed-consumer.ts).
 */
import type { KafkaAdmin } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';

/** How often a gateway looks for groups left behind. */
export const GROUP_SWEEP_INTERVAL_MS = 30_000;

export function gatewayGroupPrefix(kafkaClientId: string): string {
  return `${kafkaClientId}-gateway-`;
}

/** Deletes the Empty groups named `<prefix>…`; returns their ids. Never throws: the next sweep tries again. */
export async function sweepDeadGatewayGroups(admin: KafkaAdmin, prefix: string, logger: Logger): Promise<string[]> {
  try {
    const candidates = (await admin.listGroups()).groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(prefix));
    if (candidates.length === 0) return [];
    const { groups } = await admin.describeGroups(candidates);
    const dead = groups.filter((group) => group.state === 'Empty' || group.state === 'Dead').map((group) => group.groupId);
    if (dead.length === 0) return [];
    await admin.deleteGroups(dead);
    logger.info({ groups: dead }, 'deleted consumer groups that killed gateways left behind');
    return dead;
  } catch (error) {
    logger.warn({ err: error }, 'could not sweep the consumer groups of killed gateways; trying again later');
    return [];
  }
}

/** Sweeps now and every GROUP_SWEEP_INTERVAL_MS; returns the stop function. */
export function startGroupSweeper(admin: KafkaAdmin, prefix: string, logger: Logger, intervalMs = GROUP_SWEEP_INTERVAL_MS): () => void {
  void sweepDeadGatewayGroups(admin, prefix, logger);
  const timer = setInterval(() => void sweepDeadGatewayGroups(admin, prefix, logger), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
