/** client/generated/: the SDK's typings of Eventline's commands and streams, from the catalog and the read models. */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { InternalError } from '../../../platform/errors';
import { createCatalog, defaultSchemasDir, loadCatalog } from '../../../schemas';
import { clientGeneratedDir } from '../../../schemas/tools/generate-types';
import { eventlineClientTypesSource, renderClientTypes } from '../../../schemas/tools/render-client-types';

describe('client/generated', () => {
  it('is what `npm run schemas:generate` would write now (run it if this fails)', () => {
    const expected = renderClientTypes(loadCatalog(), eventlineClientTypesSource());
    const dir = clientGeneratedDir(defaultSchemasDir());
    const committed = readdirSync(dir).filter((file) => file.endsWith('.ts'));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  });

  it('types views as the gateway sends them: the read model’s columns only, timestamps as strings', () => {
    const files = renderClientTypes(loadCatalog(), eventlineClientTypesSource());
    const storeStats = /export interface StoreStats \{[^}]*\}/.exec(files.get('orders.ts') as string)?.[0] as string;
    expect(storeStats).not.toMatch(/\bversion\b/);
    expect(storeStats).toContain('readonly updatedAt: string;');
    expect(files.get('index.ts')).toContain("readonly 'views.store_stats': { readonly kind: 'view'; readonly name: 'StoreStats'; readonly row: orders.StoreStats };");
    expect(files.get('index.ts')).toContain("readonly 'chat.events': { readonly kind: 'events'; readonly events: chat.Events };");
  });

  it('refuses a view column its record lacks, and a bytes field (no JSON form)', () => {
    const record = (fields: object[]) =>
      createCatalog([{ id: 1, subject: 'x.v.Row', version: 1, file: 'Row.v1.avsc', schema: { type: 'record', name: 'Row', namespace: 'x.v', fields } }]);
    const view = { stream: 'views.rows', subject: 'x.v.Row', columns: ['id', 'missing'] };
    expect(() => renderClientTypes(record([{ name: 'id', type: 'string' }]), { domains: [], views: [view] })).toThrow(InternalError);
    expect(() => renderClientTypes(record([{ name: 'id', type: 'bytes' }]), { domains: [], views: [{ ...view, columns: ['id'] }] })).toThrow(/bytes/);
  });
});
