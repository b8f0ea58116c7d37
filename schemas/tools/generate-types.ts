/**
 * `npm run schemas:generate`: writes schemas/generated/ (the records as avsc decodes them)
 * and client/generated/ (the client SDK's typings of commands and streams as JSON carries
 * them) from the catalog, and removes generated modules that no longer have a namespace. The
 * output is committed, so a clean clone type-checks without running this; unit tests fail
 * when either is stale.
 *
 * Usage: node dist/schemas/tools/generate-types.js [schemas-dir]
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { defaultSchemasDir, loadCatalog } from '../catalog';
import { eventlineClientTypesSource, renderClientTypes } from './render-client-types';
import { renderTypes } from './render-types';

export const GENERATED_DIR = 'generated';

/** client/generated/, beside schemas/. */
export function clientGeneratedDir(schemasDir: string): string {
  return path.join(schemasDir, '..', 'client', GENERATED_DIR);
}

function main(schemasDir: string): void {
  const catalog = loadCatalog(schemasDir);
  write(renderTypes(catalog), path.join(schemasDir, GENERATED_DIR));
  write(renderClientTypes(catalog, eventlineClientTypesSource()), clientGeneratedDir(schemasDir));
}

function write(files: ReadonlyMap<string, string>, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((name) => name.endsWith('.ts') && !files.has(name))) {
    rmSync(path.join(outDir, stale));
  }
  for (const [name, content] of files) writeFileSync(path.join(outDir, name), content);
  process.stdout.write(`wrote ${files.size} files to ${outDir}\n`);
}

if (require.main === module) main(path.resolve(process.argv[2] ?? defaultSchemasDir()));
