/**
 * The pure core of the projector: which events a projection still has to apply (those after
 * its checkpoint), the row key each one changes, and the rows after applying them in offset
 * order with their versions bumped. No I/O, so it is tested without Kafka or PostgreSQL.
 *
 * Every event `keyOf` routes to a row changes that row (every reference projection sets at
 * least a timestamp), so a row's version is the number of events applied to it.
 */
import type { Projection, Versioned } from '../../domains';
import type { SourceEvent } from './decode-batch';

export interface Routed {
  readonly source: SourceEvent;
  readonly key: string;
}

/** An event the projection could not handle; `key` is undefined when `keyOf` itself threw. */
export interface ProjectionFailure {
  readonly source: SourceEvent;
  readonly key: string | undefined;
  readonly error: unknown;
}

export interface RoutedEvents {
  readonly routed: Routed[];
  readonly failures: ProjectionFailure[];
}

/** The events after `checkpoint` that concern the projection, in offset order, with their row keys. */
export function routeEvents(projection: Projection<unknown>, events: readonly SourceEvent[], checkpoint: number): RoutedEvents {
  const routed: Routed[] = [];
  const failures: ProjectionFailure[] = [];
  for (const source of events) {
    if (source.offset <= checkpoint) continue;
    let key: string | null;
    try {
      key = projection.keyOf(source.event);
    } catch (error) {
      failures.push({ source, key: undefined, error });
      continue;
    }
    if (key !== null) routed.push({ source, key });
  }
  return { routed, failures };
}

export interface RowChanges<Row> {
  /** The final row of every key that changed, with its new version. */
  readonly changed: Map<string, Versioned<Row>>;
  readonly failures: ProjectionFailure[];
  /** Events applied (failures excluded). */
  readonly applied: number;
}

/**
 * Applies `routed` in order to `current` (the stored rows of the keys, absent when none). A
 * failing event leaves its row as it was and is reported; the events after it still apply.
 */
export function applyRouted<Row>(projection: Projection<Row>, routed: readonly Routed[], current: ReadonlyMap<string, Versioned<Row>>): RowChanges<Row> {
  const working = new Map<string, { row: Row; version: number }>();
  const failures: ProjectionFailure[] = [];
  let applied = 0;
  for (const { source, key } of routed) {
    const before = working.get(key) ?? unversioned(current.get(key));
    try {
      working.set(key, { row: projection.apply(before?.row, source.event), version: (before?.version ?? 0) + 1 });
      applied += 1;
    } catch (error) {
      failures.push({ source, key, error });
    }
  }
  const changed = new Map<string, Versioned<Row>>();
  for (const [key, { row, version }] of working) changed.set(key, { ...row, version });
  return { changed, failures, applied };
}

/** `apply` gets the row without its version: versions are the projector's, not the projection's. */
function unversioned<Row>(stored: Versioned<Row> | undefined): { row: Row; version: number } | undefined {
  if (stored === undefined) return undefined;
  const { version, ...row } = stored;
  return { row: row as Row, version };
}
