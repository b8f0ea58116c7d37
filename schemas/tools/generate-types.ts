/**
 * `npm run schemas:generate`: first releases what the registered domains' schema sources
 * changed or added (release-domain-schemas.ts: new `.avsc` versions and catalog rows), then
 * rewrites the generated parts of docs/asyncapi.yaml and docs/topics.md (render-topic-docs.ts),
 * and writes schemas/generated/ (the records as avsc decodes them)
 * and client/generated/ (the client SDK's typings of commands and streams as JSON carries
 * them) from the catalog, and removes generated modules that no longer have a namespace. The
 * output is committed, so a clean clone type-checks without running this; unit tests fail
 * when either is stale.
 *
 * Usage: node dist/schemas/tools/generate-types.js [schemas-dir]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { domains } from '../../domains';
import { CATALOG_FILE, defaultSchemasDir, loadCatalog, type CatalogEntry } from '../catalog';
import { pendingVersions, renderCatalogJson, type DomainSchemas, type NewVersion } from './release-domain-schemas';
import { renderAsyncApiRegions, renderTopicTable, withRegions } from './render-topic-docs';
import { eventlineClientTypesSource, renderClientTypes } from './render-client-types';
import { renderTypes } from './render-types';

export const GENERATED_DIR = 'generated';

/** client/generated/, beside schemas/. */
export function clientGeneratedDir(schemasDir: string): string {
  return path.join(schemasDir, '..', 'client', GENERATED_DIR);
}

/** Writes the new versions `sources` call for (new `.avsc` files and catalog rows); returns them. */
export function releaseDomainSchemas(schemasDir: string, sources: readonly DomainSchemas[]): NewVersion[] {
  const catalogPath = path.join(schemasDir, CATALOG_FILE);
  const { description, schemas } = JSON.parse(readFileSync(catalogPath, 'utf8')) as { description: string; schemas: CatalogEntry[] };
  const added = pendingVersions(schemas, sources, (entry) => JSON.parse(readFileSync(path.join(schemasDir, entry.file), 'utf8')));
  for (const { entry, schema } of added) {
    mkdirSync(path.dirname(path.join(schemasDir, entry.file)), { recursive: true });
    writeFileSync(path.join(schemasDir, entry.file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  if (added.length > 0) writeFileSync(catalogPath, renderCatalogJson(description, [...schemas, ...added.map(({ entry }) => entry)]));
  return added;
}

/** schemas/generated/ from the catalog as it is in `schemasDir`. */
export function writeSchemaTypes(schemasDir: string): void {
  write(renderTypes(loadCatalog(schemasDir)), path.join(schemasDir, GENERATED_DIR));
}

function main(schemasDir: string): void {
  for (const { entry } of releaseDomainSchemas(schemasDir, domains)) {
    process.stdout.write(`released ${entry.subject} v${entry.version} as id ${entry.id} (${entry.file})\n`);
  }
  writeSchemaTypes(schemasDir);
  const catalog = loadCatalog(schemasDir);
  write(renderClientTypes(catalog, eventlineClientTypesSource()), clientGeneratedDir(schemasDir));
  process.stdout.write(`wrote ${path.join(schemasDir, GENERATED_DIR)} and ${clientGeneratedDir(schemasDir)}\n`);
  const docsDir = topicDocsDir(schemasDir);
  rewrite(path.join(docsDir, ASYNCAPI_FILE), (text) => withRegions(text, renderAsyncApiRegions(catalog)));
  rewrite(path.join(docsDir, TOPICS_FILE), (text) => withRegions(text, renderTopicTable(catalog)));
}

export const ASYNCAPI_FILE = 'asyncapi.yaml';
export const TOPICS_FILE = 'topics.md';

/** docs/, beside schemas/: the topic docs whose domain parts are generated. */
export function topicDocsDir(schemasDir: string): string {
  return path.join(schemasDir, '..', 'docs');
}

function rewrite(file: string, render: (text: string) => string): void {
  writeFileSync(file, render(readFileSync(file, 'utf8')));
  process.stdout.write(`wrote the generated parts of ${file}\n`);
}

function write(files: ReadonlyMap<string, string>, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((name) => name.endsWith('.ts') && !files.has(name))) {
    rmSync(path.join(outDir, stale));
  }
  for (const [name, content] of files) writeFileSync(path.join(outDir, name), content);
}

if (require.main === module) main(path.resolve(process.argv[2] ?? defaultSchemasDir()));
