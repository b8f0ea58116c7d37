/** Builders for command metadata and recorded events, so specs spell out only what matters. */
import type { CommandMetadata, Event, RecordedEvent } from '../../../../domains/decider';

let commandCount = 0;

/** Metadata of a command on `aggregateId` by `userId` (with `roles`), with a fresh command id. */
export function metadataFor(aggregateId: string, userId = 'user-1', roles: readonly string[] = []): CommandMetadata {
  commandCount += 1;
  return {
    commandId: `cmd-${commandCount}`,
    aggregateId,
    userId,
    roles,
    correlationId: null,
    issuedAt: new Date('2025-01-01T12:00:00.000Z'),
  };
}

/** `event` as the command handler would have written it for `aggregateId` at `occurredAt` (ISO-8601). */
export function recorded<E extends Event>(
  event: E,
  aggregateId: string,
  version: number,
  occurredAt: string,
  userId = 'user-1',
): RecordedEvent<E> {
  return { ...event, aggregateId, version, commandId: `cmd-${aggregateId}-${version}`, userId, occurredAt: new Date(occurredAt) };
}
