import { describe, expect, it } from '@jest/globals';
import { InternalError, UnknownSchemaError } from '../../../platform/errors';
import { checkLocks, createCatalog, loadCatalog, type CatalogSource } from '../../../schemas';
import { schemaDigest } from '../../../schemas/digest';
import { namedTypes, type SchemaNode } from '../../../schemas/model';

const catalog = loadCatalog();

/** The committed catalog as in-memory sources, to derive broken variants from. */
function sources(): CatalogSource[] {
  return catalog.versions.map(({ id, subject, version, file, sha256, schema }) => ({ id, subject, version, file, sha256, schema: structuredClone(schema) }));
}

function tiny(fields: unknown[], name = 'Tiny'): unknown {
  return { type: 'record', name, namespace: 'test', fields };
}

function source(schema: unknown, overrides: Partial<CatalogSource> = {}): CatalogSource {
  return { id: 1, subject: 'test.Tiny', version: 1, file: 'Tiny.v1.avsc', schema, ...overrides };
}

describe('the committed catalog', () => {
  it('has every released version locked and unchanged', () => {
    expect(checkLocks(catalog)).toEqual([]);
  });

  it('documents every record, enum and field', () => {
    const undocumented = catalog.versions.flatMap(({ model, file }) =>
      namedTypes(model).flatMap((node) => [
        ...(node.doc ? [] : [`${file}: ${node.fullName}`]),
        ...(node.kind === 'record' ? node.fields.filter((field) => !field.doc).map((field) => `${file}: ${node.fullName}.${field.name}`) : []),
      ]),
    );
    expect(undocumented).toEqual([]);
  });

  it('stores every timestamp as timestamp-millis and never as a bare long named like one', () => {
    const bareTimes = catalog.versions.flatMap(({ model }) =>
      namedTypes(model).flatMap((node) =>
        node.kind === 'record' ? node.fields.filter((field) => /At$|^minute$/.test(field.name) && !isTimestamp(field.type)).map((field) => `${node.fullName}.${field.name}`) : [],
      ),
    );
    expect(bareTimes).toEqual([]);
  });

  it('names each subject after its record and finds versions by subject', () => {
    expect(catalog.version('eventline.orders.OrderShipped', 1).name).toBe('OrderShipped');
    expect(catalog.latest('eventline.orders.OrderShipped').version).toBe(2);
    expect(() => catalog.latest('eventline.orders.Nope')).toThrow(UnknownSchemaError);
    expect(() => catalog.version('eventline.orders.OrderShipped', 3)).toThrow(UnknownSchemaError);
  });
});

describe('released versions are immutable', () => {
  it('flags a released file that was edited, even only in a doc', () => {
    const edited = sources();
    const placeOrder = edited.find((entry) => entry.subject === 'eventline.orders.PlaceOrder')!;
    (placeOrder.schema as { doc: string }).doc = 'Place an order (edited).';
    expect(checkLocks(createCatalog(edited))).toEqual([
      expect.objectContaining({ subject: 'eventline.orders.PlaceOrder', version: 1, problem: expect.stringContaining('changed after release') }),
    ]);
  });

  it('asks for the digest of a version that is not locked yet', () => {
    const unlocked = source(tiny([{ name: 'a', type: 'string', doc: 'A.' }]));
    expect(checkLocks(createCatalog([unlocked]))).toEqual([
      expect.objectContaining({ digest: schemaDigest(unlocked.schema), problem: expect.stringContaining(schemaDigest(unlocked.schema)) }),
    ]);
  });

  it('digests the JSON, not its formatting or key order', () => {
    expect(schemaDigest(JSON.parse('{"b": [1, {"y": 2, "x": 1}], "a": "s"}'))).toBe(schemaDigest({ a: 's', b: [1, { x: 1, y: 2 }] }));
    expect(schemaDigest({ a: [1, 2] })).not.toBe(schemaDigest({ a: [2, 1] }));
  });
});

describe('catalog rules', () => {
  const valid = tiny([{ name: 'a', type: 'string' }]);

  it.each([
    ['a reused id', [source(valid), source(valid, { version: 2 })], /id 1 is used twice/],
    ['an id outside int32', [source(valid, { id: 2 ** 31 })], /not a positive int32/],
    ['a gap in versions', [source(valid, { version: 2 })], /without gaps/],
    ['a subject that is not the record full name', [source(valid, { subject: 'test.Other' })], /not the record's full name/],
    ['an unknown eventline attribute', [source(tiny([{ name: 'a', type: 'string', 'eventline.minlength': 1 }]))], /unknown attribute/],
    ['a constraint on the wrong type', [source(tiny([{ name: 'a', type: 'int', 'eventline.minLength': 1 }]))], /does not apply/],
    ['a union other than ["null", T]', [source(tiny([{ name: 'a', type: ['string', 'int'] }]))], /only \["null", T\] unions/],
    ['an array of nulls', [source(tiny([{ name: 'a', type: { type: 'array', items: 'null' } }]))], /zero bytes/],
    ['another logical type', [source(tiny([{ name: 'a', type: { type: 'int', logicalType: 'date' } }]))], /unsupported logical type/],
    ['a schema avsc refuses', [source(tiny([{ name: 'a', type: 'string', default: 5 }]))], /incompatible field default/],
  ])('refuses %s', (_label, broken, reason) => {
    expect(() => createCatalog(broken as CatalogSource[])).toThrow(InternalError);
    expect(() => createCatalog(broken as CatalogSource[])).toThrow(reason as RegExp);
  });
});

function isTimestamp(node: SchemaNode): boolean {
  return node.kind === 'timestamp-millis' || (node.kind === 'nullable' && isTimestamp(node.type));
}
