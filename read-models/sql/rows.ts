/**
 * Reading read-model rows by row key: one statement per table whatever the number of keys
 * (one array parameter per primary-key column), and decoding the result into rows.
 */
import type { Versioned } from '../../domains/projection';
import { VERSION_COLUMN, type AnyReadModel, type ReadModel } from '../read-model';
import type { Statement } from './statement';

/**
 * `update` locks the rows for the rest of the transaction (the projector's read-modify-write);
 * `share` keeps writers out while a view change is published (docs/read-models.md).
 */
export type RowLock = 'update' | 'share';

export function selectColumns(model: AnyReadModel): string {
  return [...model.columnList.map(([, column]) => column.name), VERSION_COLUMN.name].join(', ');
}

/**
 * The rows with these keys, in primary-key order. Locking in one global order means two
 * transactions that share rows (store_stats is fed by every partition) wait for each other
 * instead of deadlocking.
 */
export function selectByKeys<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, keys: readonly string[], lock: RowLock): Statement {
  const columns = model.primaryKey.map((property) => model.columns[property]);
  const primaryKeys = keys.map((key) => model.primaryKeyOf(key));
  const values = model.primaryKey.map((property, index) => primaryKeys.map((primaryKey) => columns[index]!.type.toSql(primaryKey[property])));
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type.sql}[]`);
  const names = columns.map((column) => column.name).join(', ');
  // A single-column key uses = ANY, the form the planner turns into an index scan on the array.
  const where = columns.length === 1 ? `${names} = ANY(${arrays[0]})` : `(${names}) IN (SELECT * FROM unnest(${arrays.join(', ')}))`;
  return {
    text: `SELECT ${selectColumns(model)} FROM ${model.table} WHERE ${where} ORDER BY ${names} FOR ${lock === 'update' ? 'UPDATE' : 'SHARE'}`,
    values,
  };
}

/** A row as node-postgres returned it (columns by name) → the row with its version. */
export function decodeRow<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, record: Readonly<Record<string, unknown>>): Versioned<Row> {
  const row: Record<string, unknown> = {};
  for (const [property, column] of model.columnList) row[property] = column.type.fromSql(record[column.name]);
  row[VERSION_COLUMN.name] = VERSION_COLUMN.type.fromSql(record[VERSION_COLUMN.name]);
  return row as Versioned<Row>;
}

/** Decoded rows by row key. */
export function rowsByKey<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, records: readonly Readonly<Record<string, unknown>>[]): Map<string, Versioned<Row>> {
  const rows = new Map<string, Versioned<Row>>();
  for (const record of records) {
    const row = decodeRow(model, record);
    rows.set(model.keyOf(row), row);
  }
  return rows;
}
