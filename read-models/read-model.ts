/**
 * One definition per read model: which table holds a projection's rows, which column holds
 * each row property, and how the projection's row key maps to the primary key. The projector's
 * bulk SQL, the MikroORM entity of the REST reads and the replay CLI are all derived from it,
 * so a column is named in exactly one place (plus the migration that created it).
 */
import { EntitySchema } from '@mikro-orm/postgresql';
import type { Projection, Versioned } from '../domains/projection';
import { InternalError } from '../platform/errors';
import { bigintNumber, MikroColumnType, type ColumnType } from './column-types';

export interface Column<T> {
  readonly name: string;
  readonly type: ColumnType<T>;
}

export interface ReadModelSpec<Row extends object, Key extends keyof Row & string> {
  /** The projection whose rows the table holds; its name is the read model's name. */
  readonly projection: Projection<Row>;
  readonly table: string;
  /** MikroORM entity name. */
  readonly entityName: string;
  /** Every row property with its column; the mapped type makes the compiler insist on each one. */
  readonly columns: { readonly [P in keyof Row]-?: Column<Row[P]> };
  /** Primary-key properties in index order. */
  readonly primaryKey: readonly Key[];
  /** The projection's row key of a row (the view key too); inverse of `primaryKeyOf`. */
  keyOf(row: Pick<Row, Key>): string;
  /** The primary key a row key names. */
  primaryKeyOf(key: string): Pick<Row, Key>;
  /** Avro record (`Versioned<Row>`) published to `views.<view>`; required exactly when the projection has a view. */
  readonly viewSubject?: string;
  /**
   * Every row is written once and never changed: `keyOf` routes exactly one event to a key
   * (e.g. the event history). The projector then appends a batch's rows with one COPY
   * without reading the keys first, and a key that exists already is left as it is.
   */
  readonly insertOnly?: boolean;
  /** REST reads the gateway serves from this table (gateway/reads/read-routes.ts). */
  readonly routes?: readonly ReadRoute[];
}

/**
 * A REST read of a read model, at a path with exactly one parameter (`/api/orders/:orderId`).
 * - `row`: the row whose key is the parameter. For a view, readable as the view is; otherwise
 *   the parameter is an aggregate id, readable by whoever may see that aggregate.
 * - `page`: the rows of one aggregate in order, for a primary key (aggregate, sequence):
 *   `?after<Sequence>=&limit=`, answered `{<read model>: rows, nextAfter<Sequence>}`.
 */
export interface ReadRoute {
  readonly path: `/api/${string}`;
  readonly serves: 'row' | 'page';
}

const ROUTE_PARAMETER = /:[A-Za-z]+/g;

export interface ReadModel<Row extends object, Key extends keyof Row & string> extends ReadModelSpec<Row, Key> {
  /** The projection's name: also the checkpoint name. */
  readonly name: string;
  readonly view: string | undefined;
  /** Row properties and their columns in declaration order (the SQL column order). */
  readonly columnList: readonly (readonly [property: keyof Row & string, column: Column<unknown>])[];
  /** The row shape with its version, for MikroORM. */
  readonly entity: EntitySchema<Versioned<Row>>;
}

/**
 * A read model of any row type, as registries and generic code hold it. Row types differ per
 * read model, so generic code treats rows as opaque values and leaves them to the definition.
 */
export type AnyReadModel = ReadModel<any, any>;

/** The column every read-model table has beside the row: the projector's row version. */
export const VERSION_COLUMN: Column<number> = { name: 'version', type: bigintNumber };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function defineReadModel<Row extends object, Key extends keyof Row & string>(spec: ReadModelSpec<Row, Key>): ReadModel<Row, Key> {
  const columnList = Object.entries(spec.columns) as [keyof Row & string, Column<unknown>][];
  // Identifiers are spliced into SQL text, so they must be plain lower-case names.
  for (const name of [spec.table, ...columnList.map(([, column]) => column.name)]) {
    if (!IDENTIFIER.test(name)) throw new InternalError(`read model ${spec.projection.name}: "${name}" is not a plain SQL identifier`);
  }
  if (spec.primaryKey.length === 0) throw new InternalError(`read model ${spec.projection.name} has no primary key`);
  if ((spec.projection.view === undefined) !== (spec.viewSubject === undefined)) {
    throw new InternalError(`read model ${spec.projection.name}: a view needs a viewSubject, and only a view has one`);
  }
  for (const route of spec.routes ?? []) {
    if ((route.path.match(ROUTE_PARAMETER) ?? []).length !== 1) throw new InternalError(`read model ${spec.projection.name}: route ${route.path} must have exactly one parameter`);
    if (route.serves === 'page' && spec.primaryKey.length !== 2) throw new InternalError(`read model ${spec.projection.name}: a page needs a primary key (aggregate, sequence)`);
  }
  return { ...spec, name: spec.projection.name, view: spec.projection.view, columnList, entity: entityOf(spec, columnList) };
}

function entityOf<Row extends object, Key extends keyof Row & string>(
  spec: ReadModelSpec<Row, Key>,
  columnList: readonly (readonly [keyof Row & string, Column<unknown>])[],
): EntitySchema<Versioned<Row>> {
  const property = (column: Column<unknown>, primary: boolean) => ({
    type: new MikroColumnType(column.type),
    fieldName: column.name,
    nullable: column.type.nullable,
    primary,
  });
  const properties = Object.fromEntries([
    ...columnList.map(([name, column]) => [name, property(column, (spec.primaryKey as readonly string[]).includes(name))]),
    ['version', property(VERSION_COLUMN, false)],
  ]);
  return new EntitySchema<Versioned<Row>>({ name: spec.entityName, tableName: spec.table, properties: properties as never });
}

/** The row's own properties in column order: no version, nothing MikroORM or a view record adds. */
export function rowProperties(model: AnyReadModel, row: object): Record<string, unknown> {
  const source = row as Record<string, unknown>;
  const properties: Record<string, unknown> = {};
  for (const [property] of model.columnList) properties[property] = source[property];
  return properties;
}

/** The primary key a client's key names, or undefined when it names no row (e.g. a message key without `:seq`). */
export function primaryKeyOrUndefined(model: AnyReadModel, key: string): object | undefined {
  try {
    return model.primaryKeyOf(key);
  } catch (error) {
    if (error instanceof InternalError) return undefined;
    throw error;
  }
}
