import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from '@jest/globals';
import { InternalError } from '../../../platform/errors';
import { createCatalog, defaultSchemasDir, loadCatalog } from '../../../schemas';
import { GENERATED_DIR } from '../../../schemas/tools/generate-types';
import { renderTypes } from '../../../schemas/tools/render-types';

const generatedDir = path.join(defaultSchemasDir(), GENERATED_DIR);

describe('schemas/generated', () => {
  it('is what `npm run schemas:generate` would write now (run it if this fails)', () => {
    const expected = renderTypes(loadCatalog());
    const committed = readdirSync(generatedDir).filter((file) => file.endsWith('.ts'));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(readFileSync(path.join(generatedDir, file), 'utf8')).toBe(content);
  });

  it('imports a named type from its own namespace module', () => {
    const files = renderTypes(
      createCatalog([
        {
          id: 1,
          subject: 'a.one.Holder',
          version: 1,
          file: 'Holder.v1.avsc',
          schema: { type: 'record', name: 'Holder', namespace: 'a.one', fields: [{ name: 'held', type: { type: 'enum', name: 'a.two.Kind', symbols: ['X'] } }] },
        },
      ]),
    );
    expect(files.get('one.ts')).toContain("import type * as two from './two';");
    expect(files.get('one.ts')).toContain('  held: two.Kind;');
    expect(files.get('two.ts')).toContain("export type Kind = 'X';");
  });

  it('refuses a named type defined differently by two subjects', () => {
    const holder = (subject: string, symbols: string[]) => ({
      id: symbols.length,
      subject: `t.${subject}`,
      version: 1,
      file: `${subject}.v1.avsc`,
      schema: { type: 'record', name: subject, namespace: 't', fields: [{ name: 'kind', type: { type: 'enum', name: 'Kind', symbols } }] },
    });
    expect(() => renderTypes(createCatalog([holder('A', ['X']), holder('B', ['X', 'Y'])]))).toThrow(InternalError);
  });
});
