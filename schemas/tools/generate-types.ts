/**
 * `npm run schemas:generate`: writes schemas/generated/ from the catalog and removes
 * generated modules that no longer have a namespace. The output is committed, so a clean
 * clone type-checks without running this; a unit test fails when it is stale.
 *
 * Usage: node dist/schemas/tools/generate-types.js [schemas-dir]
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { defaultSchemasDir, loadCatalog } from '../catalog';
import { renderTypes } from './render-types';

export const GENERATED_DIR = 'generated';

function main(schemasDir: string): void {
  const files = renderTypes(loadCatalog(schemasDir));
  const outDir = path.join(schemasDir, GENERATED_DIR);
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((name) => name.endsWith('.ts') && !files.has(name))) {
    rmSync(path.join(outDir, stale));
  }
  for (const [name, content] of files) writeFileSync(path.join(outDir, name), content);
  process.stdout.write(`wrote ${files.size} files to ${outDir}\n`);
}

if (require.main === module) main(path.resolve(process.argv[2] ?? defaultSchemasDir()));
