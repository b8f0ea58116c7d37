/**
 * Turns the registered domains' schema sources (domains/<name>/schemas.ts) into catalog
 * versions: a record whose rendered schema differs from its latest version (or that has none)
 * becomes the next version, `avro/<domain>/<Record>.v<N>.avsc`, with the next unused id and its
 * digest. Released versions are never touched, so ids already on the wire keep decoding.
 */
import type { CatalogEntry } from '../catalog';
import { schemaDigest } from '../digest';
import { renderDomainSchemas, type DomainSchemaSource } from '../domain-schemas';

export interface DomainSchemas {
  readonly name: string;
  readonly schemas: DomainSchemaSource;
}

export interface NewVersion {
  readonly entry: Required<CatalogEntry>;
  readonly schema: unknown;
}

/**
 * The versions the sources add to a catalog whose entries are `entries` and whose files
 * `schemaOf` reads. Empty when every source matches its latest version.
 */
export function pendingVersions(entries: readonly CatalogEntry[], domains: readonly DomainSchemas[], schemaOf: (entry: CatalogEntry) => unknown): NewVersion[] {
  const latest = new Map<string, CatalogEntry>();
  for (const entry of entries) if ((latest.get(entry.subject)?.version ?? 0) < entry.version) latest.set(entry.subject, entry);
  let nextId = Math.max(0, ...entries.map((entry) => entry.id)) + 1;
  const added: NewVersion[] = [];
  for (const domain of domains) {
    for (const [subject, schema] of renderDomainSchemas(domain.name, domain.schemas)) {
      const previous = latest.get(subject);
      const digest = schemaDigest(schema);
      if (previous !== undefined && schemaDigest(schemaOf(previous)) === digest) continue;
      const version = (previous?.version ?? 0) + 1;
      const name = subject.slice(subject.lastIndexOf('.') + 1);
      added.push({ entry: { id: nextId++, subject, version, file: `avro/${domain.name}/${name}.v${version}.avsc`, sha256: digest }, schema });
    }
  }
  return added;
}

/** catalog.json as committed: one entry a line, so a new version is a one-line diff. */
export function renderCatalogJson(description: string, entries: readonly CatalogEntry[]): string {
  const line = (entry: CatalogEntry) => {
    const fields: [string, unknown][] = [['id', entry.id], ['subject', entry.subject], ['version', entry.version], ['file', entry.file]];
    if (entry.sha256 !== undefined) fields.push(['sha256', entry.sha256]);
    return `    {${fields.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`;
  };
  return `{\n  "description": ${JSON.stringify(description)},\n  "schemas": [\n${entries.map(line).join(',\n')}\n  ]\n}\n`;
}
