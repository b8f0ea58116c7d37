/**
 * Projections: pure functions from recorded events to read-model rows.
 *
 * Row versions are NOT part of a projection's rows. The projector owns them: it bumps a
 * row's version by one each time `apply` changes it, stores it beside the row, and publishes
 * `Versioned<Row>` to `views.<view>`. Keeping versions out of `apply` means a projection can
 * never get them wrong, and replay rebuilds the same versions because it applies the same
 * events to the same rows.
 *
 * `apply` must depend on the row and the event only (never the clock), so rebuilding from
 * offset 0 yields the rows the live projector wrote.
 */
import { InternalError } from '../platform/errors';
import type { ViewAccess } from './access';
import type { Event, RecordedEvent } from './decider';

export interface Projection<Row = unknown, E extends RecordedEvent = RecordedEvent> {
  /** Read-model name: also the table and checkpoint name (`orders`, `store_stats`, …). */
  readonly name: string;
  /** When set, every changed row is published to `views.<view>`, keyed by its row key. */
  readonly view?: string;
  /**
   * Who may read the rows, for a read model whose rows are not one aggregate's (a store's
   * figures across orders). Unset: a row is readable by whoever may see its aggregate
   * (the domain's `access.canSee`).
   */
  readonly readableBy?: ViewAccess;
  /**
   * The key of the one row `event` changes, or null when the event does not concern this
   * read model. The key identifies the row to the projector (and is the view key).
   */
  keyOf(event: E): string | null;
  /** The row after `event`; `row` is undefined when no row exists yet for the key. */
  apply(row: Row | undefined, event: E): Row;
}

/** A row as the projector stores and publishes it. */
export type Versioned<Row> = Row & { readonly version: number };

/** Folds events into rows in memory: what a read model must equal after the same events. */
export function projectAll<Row, E extends RecordedEvent>(
  projection: Projection<Row, E>,
  events: Iterable<E>,
): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key !== null) rows.set(key, projection.apply(rows.get(key), event));
  }
  return rows;
}

/**
 * For events that can only follow the one that created the row (per-aggregate order is
 * guaranteed by the partition), a missing row means a corrupt stream or a skipped event:
 * fail loudly rather than invent a row.
 */
export function requireRow<Row>(row: Row | undefined, projection: string, event: RecordedEvent<Event>): Row {
  if (row !== undefined) return row;
  throw new InternalError(`${projection}: ${event.type} for ${event.aggregateId} has no row to update`, {
    context: { projection, type: event.type, aggregateId: event.aggregateId, version: event.version },
  });
}

/** For events `keyOf` maps to null: the projector never applies them, so reaching here is a bug. */
export function notRouted(projection: string, event: RecordedEvent<Event>): never {
  throw new InternalError(`${projection}: ${event.type} is not routed to this read model`, {
    context: { projection, type: event.type, aggregateId: event.aggregateId, version: event.version },
  });
}
