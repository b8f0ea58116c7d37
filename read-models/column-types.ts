/**
 * How a row property is stored in PostgreSQL: its SQL type and the conversion both ways.
 * The projector's bulk SQL and MikroORM (through `MikroColumnType`) use the same conversions,
 * so a row reads back identically whichever path wrote or read it.
 */
import { Type } from '@mikro-orm/core';

export type SqlType = 'text' | 'bigint' | 'boolean' | 'timestamptz' | 'jsonb';

export interface ColumnType<T> {
  readonly sql: SqlType;
  readonly nullable: boolean;
  /** The query parameter for `value` (node-postgres serializes it). */
  toSql(value: T): unknown;
  /** The property value from what node-postgres returns for the column. */
  fromSql(value: unknown): T;
}

export const text: ColumnType<string> = {
  sql: 'text',
  nullable: false,
  toSql: (value) => value,
  fromSql: (value) => value as string,
};

/** A string union kept in a text column (e.g. an order status); only the projector writes it. */
export function textUnion<T extends string>(): ColumnType<T> {
  return text as ColumnType<T>;
}

export const boolean: ColumnType<boolean> = {
  sql: 'boolean',
  nullable: false,
  toSql: (value) => value,
  fromSql: (value) => value === true || value === 't' || value === 'true',
};

/**
 * Counters and cents as JavaScript numbers. Exact up to 2^53 cents (90 trillion in any
 * currency), which the Avro longs they come from never reach in practice. node-postgres
 * returns int8 as a string, hence the Number().
 */
export const bigintNumber: ColumnType<number> = {
  sql: 'bigint',
  nullable: false,
  toSql: (value) => value,
  fromSql: (value) => Number(value),
};

/**
 * Sent as ISO-8601 text: node-postgres would format a Date field by field in local time, a
 * measurable cost when a batch writes thousands of them. MikroORM's connection returns
 * timestamptz as text (`2025-01-01 12:00:00.123+00`); plain pg returns a Date.
 */
export const timestamptz: ColumnType<Date> = {
  sql: 'timestamptz',
  nullable: false,
  toSql: (value) => value.toISOString(),
  fromSql: (value) => (value instanceof Date ? value : new Date(value as string)),
};

/**
 * A JSON document. node-postgres would send a JavaScript array as a PostgreSQL array, so the
 * value is stringified here; `fromJson` restores what JSON loses (Dates come back as strings).
 */
export function jsonb<T>(fromJson: (json: unknown) => T): ColumnType<T> {
  return {
    sql: 'jsonb',
    nullable: false,
    toSql: (value) => JSON.stringify(value),
    fromSql: (value) => fromJson(typeof value === 'string' ? JSON.parse(value) : value),
  };
}

export function nullable<T>(type: ColumnType<T>): ColumnType<T | null> {
  return {
    sql: type.sql,
    nullable: true,
    toSql: (value) => (value === null ? null : type.toSql(value)),
    fromSql: (value) => (value === null || value === undefined ? null : type.fromSql(value)),
  };
}

/** Lets MikroORM entities (the REST reads) convert columns exactly as the projector does. */
export class MikroColumnType<T> extends Type<T, unknown> {
  constructor(private readonly column: ColumnType<T>) {
    super();
  }

  override convertToDatabaseValue(value: T): unknown {
    return this.column.toSql(value);
  }

  override convertToJSValue(value: unknown): T {
    return this.column.fromSql(value);
  }

  override getColumnType(): string {
    return this.column.sql;
  }

  override compareAsType(): string {
    return 'any';
  }
}
