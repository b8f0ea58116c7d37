/**
 * Rows appended with COPY … FROM STDIN: the bulk path PostgreSQL has for tables that are only
 * ever appended to (the event history, room members). One round trip of data, no bind
 * parameters to parse and no VALUES tuples to plan; rows go in the text format, one line each.
 */
import type { Versioned } from '../../domains/projection';
import { InternalError } from '../../platform/errors';
import { VERSION_COLUMN, type Column, type ReadModel } from '../read-model';

/** A COPY FROM STDIN statement with its data, in COPY's text format. */
export interface CopyStatement {
  readonly text: string;
  readonly data: string;
}

/** Every row of an `insertOnly` read model in one COPY; a key that exists already fails it (unique_violation). */
export function copyRowsStatement<Row extends object, Key extends keyof Row & string>(model: ReadModel<Row, Key>, rows: readonly Versioned<Row>[]): CopyStatement {
  if (!model.insertOnly) throw new InternalError(`${model.table} is not insert-only`);
  const columns: readonly (readonly [string, Column<unknown>])[] = [...model.columnList, ['version', VERSION_COLUMN]];
  const lines: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (const [property, column] of columns) fields.push(copyField(column.type.toSql((row as Record<string, unknown>)[property])));
    lines.push(fields.join('\t'));
  }
  return { text: `COPY ${model.table} (${columns.map(([, column]) => column.name).join(', ')}) FROM STDIN`, data: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of COPY's text format: NULL is `\N`; a backslash, newline, carriage return or tab is escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (character) => ESCAPES[character] as string) : text;
}
