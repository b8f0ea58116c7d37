/**
 * The consumer-group life the command handler and each workflow runner share: members that
 * own their partitions through transactional producers (partition-owners.ts). After every
 * (re)join another member may have owned a partition meanwhile, so every owner is given up
 * and re-acquired (fence + restore) lazily; a crash kafkajs will not restart from is fatal, so
 * that a process doing nothing does not hide it; stopping finishes the batches in hand before
 * leaving the group and only then gives the partitions up.
 */
import { reportCrashes, type GroupMemberRecord, type KafkaAdmin, type KafkaConsumer } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import type { PartitionOwners, PartitionOwnership } from './partition-owners';

export interface GroupReport {
  readonly logger: Logger;
  /** The log line once joined, e.g. `joined the command-handler group`. */
  readonly joined: string;
  /** The log line of a consumer crash. */
  readonly crashed: string;
  /** Fields added to both lines. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Called when the consumer stopped for good. */
  onFatal(error: Error): void;
  /** Called at each join with the partitions assigned (the consumer-lag gauge follows them). */
  onAssigned?(assignment: Readonly<Record<string, readonly number[]>>): void;
}

/** Follows `consumer`'s joins and crashes; `members` is read at each join (it is opened after this is called). */
export function followGroup(
  consumer: KafkaConsumer,
  owned: PartitionOwners<PartitionOwnership>,
  members: () => GroupMemberRecord | undefined,
  { logger, joined, crashed, context, onFatal, onAssigned }: GroupReport,
): void {
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    onAssigned?.(payload.memberAssignment);
    void owned.releaseAll();
    // Logged once the member id is recorded: from then on a replacement can remove this member.
    void (members()?.joined(payload.memberId) ?? Promise.resolve())
      .catch((error: unknown) => logger.warn({ err: error }, 'could not record the group member id'))
      .then(() => logger.info({ ...context, assignment: payload.memberAssignment, memberId: payload.memberId }, joined));
  });
  reportCrashes(consumer, { logger, message: crashed, context, onFatal });
}

export interface GroupMember {
  readonly owned: PartitionOwners<PartitionOwnership>;
  readonly consumer: KafkaConsumer | undefined;
  readonly members: GroupMemberRecord | undefined;
  readonly admin: KafkaAdmin | undefined;
  /** The consumer-lag gauge, stopped once the consumer has left. */
  readonly lag: { stop(): Promise<void> } | undefined;
}

/** Finishes the batches in hand, runs `beforeLeaving` (a last offset commit), leaves the group, then gives the partitions up. */
export async function leaveGroup({ owned, consumer, members, admin, lag }: GroupMember, beforeLeaving?: () => Promise<void>): Promise<void> {
  await owned.settle();
  await beforeLeaving?.();
  await consumer?.disconnect();
  await lag?.stop();
  await members?.close();
  await owned.releaseAll();
  await admin?.disconnect();
}
