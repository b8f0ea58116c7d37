import { describe, expect, it } from '@jest/globals';
import { SchemaIncompatibleError } from '../../../platform/errors';
import { checkCompatibility, checkSchemas, createCatalog, createCodec, loadCatalog } from '../../../schemas';

/** A catalog holding two versions of `test.Thing` with the given fields. */
function pair(v1Fields: unknown[], v2Fields: unknown[]) {
  const record = (fields: unknown[]) => ({ type: 'record', name: 'Thing', namespace: 'test', fields });
  return createCatalog([
    { id: 1, subject: 'test.Thing', version: 1, file: 'Thing.v1.avsc', schema: record(v1Fields) },
    { id: 2, subject: 'test.Thing', version: 2, file: 'Thing.v2.avsc', schema: record(v2Fields) },
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
        'chat.CreateRoom',
        'chat.PostMessage',
        'chat.EditMessage',
        'chat.RoomCreated',
        'chat.ChatRoomSnapshot',
      ].map((subject) => [`eventline.${subject}`, 2, []]),
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
});
