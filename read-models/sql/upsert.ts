/**
 * Writing changed rows in bulk: multi-row `INSERT … ON CONFLICT` statements, as few as the
 * bind-parameter limit allows, never one round trip per row.
 */
import type { Versioned } from '../../domains/projection';
import { InternalError } from '../../platform/errors';
import { VERSION_COLUMN, type Column, type ReadModel } from '../read-model';
import { MAX_BIND_PARAMETERS, type Statement } from './statement';

/**
 * `overwrite`: rows the transaction read (and locked), written whatever is stored.
 * `insert-new`: rows the transaction found absent. Another transaction may have created one
 * since (store_stats rows are shared by partitions), so a conflict leaves the stored row
 * alone and the statement returns the primary keys it did insert; the caller re-reads the rest.
 */
export type UpsertMode = 'overwrite' | 'insert-new';

export function upsertStatements<Row extends object, Key extends keyof Row & string>(
  model: ReadModel<Row, Key>,
  rows: readonly Versioned<Row>[],
  mode: UpsertMode,
  maxParameters: number = MAX_BIND_PARAMETERS,
): Statement[] {
  const columns: readonly (readonly [string, Column<unknown>])[] = [...model.columnList, ['version', VERSION_COLUMN]];
  const rowsPerStatement = Math.floor(maxParameters / columns.length);
  if (rowsPerStatement < 1) throw new InternalError(`${model.table}: ${columns.length} columns exceed ${maxParameters} parameters`);
  const head = `INSERT INTO ${model.table} (${columns.map(([, column]) => column.name).join(', ')}) VALUES `;
  const tail = conflictClause(model, mode);
  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const placeholders: string[] = [];
      for (const [property, column] of columns) {
        values.push(column.type.toSql((row as Record<string, unknown>)[property]));
        placeholders.push(`$${values.length}`);
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    statements.push({ text: head + tuples.join(', ') + tail, values });
  }
  return statements;
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

/**
 * All rows of an `insertOnly` read model in ONE statement, whatever their number: one array
 * parameter per column, unnested into rows (no bind-parameter limit, and PostgreSQL plans one
 * statement instead of parsing thousands of VALUES tuples). A key that exists already holds the
 * same row (its one event was applied before), so a conflict is skipped.
 */
export function insertOnlyStatement<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, rows: readonly Versioned<Row>[]): Statement {
  if (!model.insertOnly) throw new InternalError(`${model.table} is not insert-only`);
  const columns: readonly (readonly [string, Column<unknown>])[] = [...model.columnList, ['version', VERSION_COLUMN]];
  const values = columns.map(([property, column]) => rows.map((row) => column.type.toSql((row as Record<string, unknown>)[property])));
  const arrays = columns.map(([, column], index) => `$${index + 1}::${column.type.sql}[]`);
  const keyColumns = model.primaryKey.map((property) => model.columns[property].name);
  return {
    text: `INSERT INTO ${model.table} (${columns.map(([, column]) => column.name).join(', ')})
      SELECT * FROM unnest(${arrays.join(', ')}) ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING`,
    values,
  };
}
