/**
 * How Eventline turns a schema into an avsc `Type`:
 * - the `timestamp-millis` logical type is registered (avsc has none built in, so
 *   timestamps would otherwise decode as bare numbers);
 * - longs (and timestamps) are limited to the range avsc encodes exactly (see LONG_RANGE);
 * - arrays and maps refuse a block count larger than the bytes left, so a corrupt or
 *   hostile record fails as a decode error instead of allocating billions of items
 *   (avsc trusts the count; see readBlockCount);
 * - each schema gets its own registry (every `.avsc` is self-contained and one record name
 *   may differ between versions).
 */
import { Type, types } from 'avsc';

/** The slice of avsc's internal reader/writer these overrides use (stable across avsc 5.x). */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  writeLong(value: number): void;
  skipLong(): void;
  readString(): string;
}
/**
 * avsc zigzag-encodes a long through a double, so below -2^52 the encoded value rounds
 * and comes back as a different (positive!) number, silently. These bounds are what it
 * writes exactly; outside them a value is invalid rather than corrupted.
 */
export const LONG_RANGE = { min: -(2 ** 52), max: Number.MAX_SAFE_INTEGER - 1 } as const;

function isExactLong(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= LONG_RANGE.min && value <= LONG_RANGE.max;
}

type ErrorHook = (value: unknown, type: Type) => void;

class ExactLongType extends types.LongType {
  _check(value: unknown, _flags: unknown, hook?: ErrorHook): boolean {
    const ok = isExactLong(value);
    if (!ok && hook) hook(value, this);
    return ok;
  }

  _write(tap: Tap, value: unknown): void {
    if (!isExactLong(value)) throw new Error(`invalid "long": ${String(value)}`);
    tap.writeLong(value);
  }
}

/** `long` + `timestamp-millis` <-> `Date`. Only real Dates within LONG_RANGE are accepted. */
class TimestampMillisType extends types.LogicalType {
  protected override _fromValue(millis: number): Date {
    return new Date(millis);
  }

  protected override _toValue(value: unknown): number | undefined {
    // undefined tells avsc the value is invalid (its check reports it, its writer throws).
    if (!(value instanceof Date)) return undefined;
    const millis = value.getTime();
    return isExactLong(millis) ? millis : undefined;
  }

  protected override _resolve(writer: Type): ((millis: number | Date) => Date) | undefined {
    // Data written as a plain long or as a timestamp can be read as a timestamp.
    if (Type.isType(writer, 'long', 'logical:timestamp-millis')) return (millis) => new Date(millis);
    return undefined;
  }
}

interface Reader {
  _read(tap: Tap): unknown;
}

/**
 * Every array item and map entry takes at least one byte (model.ts refuses the types that
 * could take none), so a count above the bytes left can only be corruption.
 */
function readBlockCount(tap: Tap): number {
  let count = tap.readLong();
  if (count < 0) {
    // A negative count is followed by the block's size in bytes, which reading ignores.
    count = -count;
    tap.skipLong();
  }
  const left = tap.buf.length - tap.pos;
  if (count > left) throw new Error(`block of ${count} items but only ${left} bytes left`);
  return count;
}

// avsc also calls `_read` with `this` bound to a resolver whose itemsType / valuesType are
// the item resolvers, so these methods read through `this` exactly like avsc's own.
class BoundedArrayType extends types.ArrayType {
  _read(tap: Tap): unknown[] {
    const items = this.itemsType as unknown as Reader;
    const array: unknown[] = [];
    for (let count = readBlockCount(tap); count !== 0; count = readBlockCount(tap)) {
      while (count-- > 0) array.push(items._read(tap));
    }
    return array;
  }
}

class BoundedMapType extends types.MapType {
  _read(tap: Tap): Record<string, unknown> {
    const values = this.valuesType as Reader;
    // Null prototype: a key named `__proto__` stays a key, and V8 keeps the map a hash table
    // instead of making a hidden class for each distinct set of keys (see domains/chat/state.ts).
    const map = Object.create(null) as Record<string, unknown>;
    for (let count = readBlockCount(tap); count !== 0; count = readBlockCount(tap)) {
      while (count-- > 0) {
        const key = tap.readString();
        map[key] = values._read(tap);
      }
    }
    return map;
  }
}

type AvroSchema = Parameters<typeof Type.forSchema>[0];

/** Swaps in the safer types above; a logical type's own long is guarded by the logical type. */
function saferTypes(schema: AvroSchema, opts: unknown): Type | undefined {
  if (schema === 'long') return new ExactLongType();
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const { type, logicalType } = schema as { type?: unknown; logicalType?: unknown };
  if (type === 'long' && logicalType === undefined) return new ExactLongType();
  if (type === 'array') return new BoundedArrayType(schema, opts);
  if (type === 'map') return new BoundedMapType(schema, opts);
  return undefined;
}

/**
 * `wrapUnions: 'auto'` is for a schema with unions of several records (an export's topic
 * union, schemas/registry/topic-unions.ts): a value of such a union is `{ <full name>: record }`.
 */
export function toAvroType(schema: unknown, { wrapUnions = 'never' }: { wrapUnions?: 'never' | 'auto' } = {}): Type {
  return Type.forSchema(schema as AvroSchema, {
    logicalTypes: { 'timestamp-millis': TimestampMillisType },
    typeHook: saferTypes,
    // Decoded records are plain data: no clone/toBuffer/... methods on their prototype.
    omitRecordMethods: true,
    // Record unions are only ever ["null", T] (model.ts); unwrapped they read and write as `T | null`.
    wrapUnions,
  });
}
