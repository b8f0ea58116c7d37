/**
 * The codec a service starts with, in one of two modes (docs/topics.md, "Schema ids"):
 *
 * - no SCHEMA_REGISTRY_URL: records carry the catalog's ids (schemas/catalog.json), and
 *   `schemas/` alone is enough to read them;
 * - SCHEMA_REGISTRY_URL set: every catalogued version is first registered with the
 *   registry under its record full name (Confluent's RecordNameStrategy), and records carry
 *   the ids the registry assigned, so registry-aware tools (Kafka Connect's AvroConverter,
 *   ksqlDB, kcat -s avro) decode them by looking the id up.
 */
import type { Logger } from '../../platform/logger';
import { loadCatalog, type Catalog } from '../catalog';
import { createCodec, type Codec } from '../codec';
import { SchemaRegistryClient } from './client';

export interface CodecSettings {
  /** SCHEMA_REGISTRY_URL from platform/config.ts. */
  readonly schemaRegistryUrl: string | undefined;
}

/**
 * Registers every version of the catalog and returns the registry's id for each catalog id.
 * Versions go in catalog id order, one at a time: a subject's versions then get the
 * registry's version numbers 1, 2, 3 … like ours, and a fresh registry, which numbers
 * schemas in the order it first sees them, ends up with the catalog's own ids.
 */
export async function registerCatalog(client: SchemaRegistryClient, catalog: Catalog): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const version of [...catalog.versions].sort((a, b) => a.id - b.id)) {
    ids.set(version.id, await client.register(version.subject, JSON.stringify(version.schema)));
  }
  return ids;
}

export async function loadCodec(settings: CodecSettings, logger: Logger, catalog: Catalog = loadCatalog()): Promise<Codec> {
  if (settings.schemaRegistryUrl === undefined) return createCodec(catalog);
  const client = new SchemaRegistryClient(settings.schemaRegistryUrl);
  const ids = await registerCatalog(client, catalog);
  const differing = [...ids].filter(([catalogId, registryId]) => catalogId !== registryId).length;
  logger.info({ registry: client.url, schemas: ids.size, idsDifferingFromCatalog: differing }, 'schemas registered; records carry the registry ids');
  return createCodec(catalog, { schemaIds: (version) => ids.get(version.id) as number });
}
