import { describe, expect, it } from '@jest/globals';
import { InternalError, SchemaIncompatibleError } from '../../../platform/errors';
import { checkCompatibility, checkSchemas, createCatalog, createCodec, loadCatalog } from '../../../schemas';
import { schemaDigest } from '../../../schemas/digest';

/** A catalog holding two versions of `test.Thing` with the given fields, each locked to its digest unless `locked` is false. */
function pair(v1Fields: unknown[], v2Fields: unknown[], locked = true) {
  const record = (fields: unknown[]) => ({ type: 'record', name: 'Thing', namespace: 'test', fields });
  const lock = (schema: unknown) => (locked ? { sha256: schemaDigest(schema) } : {});
  return createCatalog([
    { id: 1, subject: 'test.Thing', version: 1, file: 'Thing.v1.avsc', schema: record(v1Fields), ...lock(record(v1Fields)) },
    { id: 2, subject: 'test.Thing', version: 2, file: 'Thing.v2.avsc', schema: record(v2Fields), ...lock(record(v2Fields)) },
  ]);
}

const name = { name: 'name', type: 'string' };
const status = (symbols: string[]) => ({ name: 'status', type: { type: 'enum', name: 'Status', symbols } });

describe('FULL compatibility between consecutive versions', () => {
  it('holds for the committed catalog', () => {
    const report = checkSchemas(loadCatalog());
    expect(report.ok).toBe(true);
    expect(report.compatibility.map(({ subject, toVersion, problems }) => [subject, toVersion, problems])).toEqual(
      [
        'orders.PlaceOrder',
        'orders.PayOrder',
        'orders.ShipOrder',
        'orders.CancelOrder',
        'orders.OrderShipped',
        'orders.OrderCancelled',
        'orders.StoreStats',
        // StoreStats v2 gave its cross-currency fields defaults so that v3 could remove them.
        ['orders.StoreStats', 3],
        'chat.CreateRoom',
        'chat.PostMessage',
        'chat.EditMessage',
        'chat.RoomCreated',
        'chat.ChatRoomSnapshot',
      ].map((entry) => (typeof entry === 'string' ? [`eventline.${entry}`, 2, []] : [`eventline.${entry[0]}`, entry[1], []])),
    );
  });

  it('holds when a field is added or removed with a default', () => {
    const optional = { name: 'note', type: ['null', 'string'], default: null };
    expect(checkCompatibility(pair([name], [name, optional]))[0]?.problems).toEqual([]);
    expect(checkCompatibility(pair([name, optional], [name]))[0]?.problems).toEqual([]);
  });

  it.each([
    ['a field added without a default', [name], [name, { name: 'age', type: 'int' }], ['backward']],
    ['a field without a default removed', [name, { name: 'age', type: 'int' }], [name], ['forward']],
    ['a field whose type changed', [name], [{ name: 'name', type: 'int' }], ['backward', 'forward']],
    ['an enum symbol added', [status(['A'])], [status(['A', 'B'])], ['forward']],
  ])('fails for %s', (_label, v1, v2, directions) => {
    const [result] = checkCompatibility(pair(v1, v2));
    expect(result?.problems.map((problem) => problem.split(':')[0])).toEqual(directions);
    expect(checkSchemas(pair(v1, v2)).ok).toBe(false);
  });

  it('keeps a codec from starting on a catalog whose latest version cannot read an older one', () => {
    expect(() => createCodec(pair([name], [name, { name: 'age', type: 'int' }]))).toThrow(SchemaIncompatibleError);
  });

  it('keeps a codec from starting on any catalog `eventline schemas check` refuses, forward-incompatible or unlocked', () => {
    // v2 reads v1 here, but a process still on v1 could not read what v2 writes.
    expect(() => createCodec(pair([status(['A'])], [status(['A', 'B'])]))).toThrow(/schemas check.*forward: v1 cannot read v2/);
    expect(() => createCodec(pair([name], [name], false))).toThrow(InternalError);
    expect(() => createCodec(pair([name], [name], false))).toThrow(/not locked yet/);
    expect(createCodec(pair([name], [name, { name: 'note', type: ['null', 'string'], default: null }])).catalog.versions).toHaveLength(2);
  });
});
