/**
 * Writing changed rows in bulk: ONE `INSERT … SELECT FROM unnest(…) ON CONFLICT` statement
 * whatever the number of rows, one array parameter per column (no bind-parameter limit, and
 * PostgreSQL plans one short statement instead of parsing thousands of VALUES tuples: the
 * fastest plain INSERT, docs/performance.md's reference). Rows are inserted in array order.
 */
import type { Versioned } from '../../domains/projection';
import { VERSION_COLUMN, type Column, type ReadModel } from '../read-model';
import type { Statement } from './statement';

/**
 * `overwrite`: rows the transaction read (and locked), written whatever is stored.
 * `insert-new`: rows the transaction found absent. Another transaction may have created one
 * since (store_stats rows are shared by partitions), so a conflict leaves the stored row
 * alone and the statement returns the primary keys it did insert; the caller re-reads the rest.
 */
export type UpsertMode = 'overwrite' | 'insert-new';

/** The statement writing `rows`; the caller sends none for no rows. */
export function upsertStatement<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, rows: readonly Versioned<Row>[], mode: UpsertMode): Statement {
  const columns: readonly (readonly [string, Column<unknown>])[] = [...model.columnList, ['version', VERSION_COLUMN]];
  const values = columns.map(([property, column]) => rows.map((row) => column.type.toSql((row as Record<string, unknown>)[property])));
  const arrays = columns.map(([, column], index) => `$${index + 1}::${column.type.sql}[]`);
  return {
    text: `INSERT INTO ${model.table} (${columns.map(([, column]) => column.name).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})${conflictClause(model, mode)}`,
    values,
  };
}

function conflictClause<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, mode: UpsertMode): string {
  const keyColumns = model.primaryKey.map((property) => model.columns[property].name);
  const target = ` ON CONFLICT (${keyColumns.join(', ')})`;
  if (mode === 'insert-new') return `${target} DO NOTHING RETURNING ${keyColumns.join(', ')}`;
  const assignments = [...model.columnList.map(([, column]) => column.name), VERSION_COLUMN.name]
    .filter((name) => !keyColumns.includes(name))
    .map((name) => `${name} = EXCLUDED.${name}`);
  return `${target} DO UPDATE SET ${assignments.join(', ')}`;
}

/** The row keys an `insert-new` statement reports inserted (its RETURNING rows). */
export function insertedKeys<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, records: readonly Readonly<Record<string, unknown>>[]): Set<string> {
  const keys = new Set<string>();
  for (const record of records) {
    const primaryKey: Record<string, unknown> = {};
    for (const property of model.primaryKey) primaryKey[property] = model.columns[property].type.fromSql(record[model.columns[property].name]);
    keys.add(model.keyOf(primaryKey as Pick<Row, Key>));
  }
  return keys;
}
