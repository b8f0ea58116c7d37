/**
 * `<domain>_event_history`: one row per event, as recorded. It is what lets a subscriber of
 * `<domain>.events` resume after a version it already has (`fromVersion`): the gateway reads
 * the versions it missed from here, by aggregate and version, instead of scanning a Kafka
 * partition for one aggregate's records.
 *
 * Generic over domains: every event carries the same envelope, and `data` is kept as the
 * record has it. Each event creates its own row (key `${aggregateId}:${version}`), so the
 * projector's row version is 1 on every row; the event's version is `aggregateVersion`.
 */
import type { RecordedEvent } from '../decider';
import type { Projection } from '../projection';

export interface EventHistoryRow {
  readonly aggregateId: string;
  /** The event's version in its aggregate (1, 2, 3 …): what subscribers resume from. */
  readonly aggregateVersion: number;
  /** Record name, e.g. `MessagePosted`. */
  readonly name: string;
  /** The event's `data` as recorded. */
  readonly data: unknown;
  readonly occurredAt: Date;
  readonly userId: string;
  readonly commandId: string;
}

/** Unique per event, and unambiguous: the version (after the last colon) is a number. */
export function eventHistoryKey(aggregateId: string, version: number): string {
  return `${aggregateId}:${version}`;
}

export function eventHistoryName(domain: string): string {
  return `${domain}_event_history`;
}

/** The history read model of one domain; every registered domain has one (define-domain.ts). */
export function eventHistoryProjection<E extends RecordedEvent>(domain: string): Projection<EventHistoryRow, E> {
  return {
    name: eventHistoryName(domain),
    keyOf: (event) => eventHistoryKey(event.aggregateId, event.version),
    // A key is only ever routed one event, so the row is always new.
    apply: (_row, event) => ({
      aggregateId: event.aggregateId,
      aggregateVersion: event.version,
      name: event.type,
      data: event.data,
      occurredAt: event.occurredAt,
      userId: event.userId,
      commandId: event.commandId,
    }),
  };
}
