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

/**
 * Everything `npm run schemas:generate` writes, for the schemas directory `schemasDir` (with
 * `client/` and `docs/` beside it) and the domains' schema sources: new versions, both
 * generated type sets, the generated parts of the topic docs. Returns what it did, a line each.
 */
export function generateAll(schemasDir: string, sources: readonly DomainSchemas[]): string[] {
  const done = releaseDomainSchemas(schemasDir, sources).map(({ entry }) => `released ${entry.subject} v${entry.version} as id ${entry.id} (${entry.file})`);
  writeSchemaTypes(schemasDir);
  const catalog = loadCatalog(schemasDir);
  write(renderClientTypes(catalog, eventlineClientTypesSource()), clientGeneratedDir(schemasDir));
  done.push(`wrote ${path.join(schemasDir, GENERATED_DIR)} and ${clientGeneratedDir(schemasDir)}`);
  const docsDir = topicDocsDir(schemasDir);
  for (const [file, render] of [
    [ASYNCAPI_FILE, renderAsyncApiRegions],
    [TOPICS_FILE, renderTopicTable],
  ] as const) {
    const target = path.join(docsDir, file);
    writeFileSync(target, withRegions(readFileSync(target, 'utf8'), render(catalog)));
    done.push(`wrote the generated parts of ${target}`);
  }
  return done;
}

export const ASYNCAPI_FILE = 'asyncapi.yaml';
export const TOPICS_FILE = 'topics.md';

/** docs/, beside schemas/: the topic docs whose domain parts are generated. */
export function topicDocsDir(schemasDir: string): string {
  return path.join(schemasDir, '..', 'docs');
}

function write(files: ReadonlyMap<string, string>, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((name) => name.endsWith('.ts') && !files.has(name))) {
    rmSync(path.join(outDir, stale));
  }
  for (const [name, content] of files) writeFileSync(path.join(outDir, name), content);
}

if (require.main === module) {
  for (const line of generateAll(path.resolve(process.argv[2] ?? defaultSchemasDir()), domains)) process.stdout.write(`${line}\n`);
}
