/**
 * fast-check arbitraries for any catalogued schema, built from its model so they honour
 * the `eventline.*` constraints: every value generated here is one the validator must
 * accept and the codec must round-trip.
 */
import fc from 'fast-check';
import { LONG_RANGE } from '../../../../schemas/avro-type';
import type { Constraints, RecordNode, SchemaNode } from '../../../../schemas/model';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const MAX_COLLECTION = 4;

/**
 * One UTF-16 unit per character, so fast-check's length is the validator's length; the
 * non-ASCII part exercises multi-byte UTF-8. Lone surrogates are left out: Avro strings
 * are UTF-8 and cannot carry them. U+0000 is left out too: the validator refuses it
 * (PostgreSQL text cannot store it).
 */
const char = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }).filter((unit) => unit !== '\u0000') },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xffff }).filter((code) => code < 0xd800 || code > 0xdfff).map((code) => String.fromCharCode(code)) },
);

export function arbitraryRecord(model: RecordNode): fc.Arbitrary<Record<string, unknown>> {
  return arbitraryOf(model, {}) as fc.Arbitrary<Record<string, unknown>>;
}

function arbitraryOf(node: SchemaNode, constraints: Constraints): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case 'primitive':
      return primitive(node.name, constraints);
    case 'timestamp-millis':
      return fc.date({ min: new Date(LONG_RANGE.min), noInvalidDate: true });
    case 'enum':
      return fc.constantFrom(...node.symbols);
    case 'nullable':
      return fc.option(arbitraryOf(node.type, constraints), { nil: null });
    case 'array': {
      const minLength = constraints.minItems ?? 0;
      const maxLength = Math.min(Math.max(MAX_COLLECTION, minLength), constraints.maxItems ?? Infinity);
      return fc.array(arbitraryOf(node.items, { maxLength: constraints.itemMaxLength }), { minLength, maxLength });
    }
    case 'map':
      return fc.dictionary(fc.string({ unit: char, maxLength: 8 }), arbitraryOf(node.values, {}), { maxKeys: MAX_COLLECTION });
    case 'record':
      return fc.record(Object.fromEntries(node.fields.map((field) => [field.name, arbitraryOf(field.type, field.constraints)])));
  }
}

function primitive(name: string, { minLength, maxLength, minimum }: Constraints): fc.Arbitrary<unknown> {
  switch (name) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'int':
      return fc.integer({ min: Math.max(minimum ?? INT32_MIN, INT32_MIN), max: INT32_MAX });
    case 'long':
      return fc.integer({ min: Math.max(minimum ?? LONG_RANGE.min, LONG_RANGE.min), max: LONG_RANGE.max });
    case 'float':
      return fc.float({ min: minimum === undefined ? undefined : Math.fround(minimum), noNaN: true });
    case 'double':
      return fc.double({ min: minimum, noNaN: true });
    case 'bytes':
      return fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes));
    case 'string':
      return fc.string({ unit: char, minLength: minLength ?? 0, maxLength: maxLength ?? Math.max(12, minLength ?? 0) });
    default:
      throw new Error(`no arbitrary for ${name}`);
  }
}
