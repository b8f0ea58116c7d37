/**
 * The codec a service starts with, in one of two modes (docs/topics.md, "Schema ids"):
 *
 * - no SCHEMA_REGISTRY_URL: records carry the catalog's ids (schemas/catalog.json), and
 *   `schemas/` alone is enough to read them;
 * - SCHEMA_REGISTRY_URL set: every catalogued version is first registered with the
 *   registry under its record full name (Confluent's RecordNameStrategy), and records carry
 *   the ids the registry assigned, so registry-aware tools (Kafka Connect's AvroConverter,
 *   kcat -s avro) decode them by looking the id up; and each events topic's
 *   `<topic>-value` subject gets the union of its records (topic-unions.ts), the one schema
 *   per topic that SQL engines read it with.
 */
import type { Logger } from '../../platform/logger';
import { loadCatalog, type Catalog } from '../catalog';
import { createCodec, type Codec } from '../codec';
import { SchemaRegistryClient } from './client';
import { topicUnionSchema, topicValueSubject, type TopicUnion } from './topic-unions';

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

/** Registers under `<topic>-value` the union of each topic's records; returns the registry's id per topic subject. */
export async function registerTopicUnions(client: SchemaRegistryClient, catalog: Catalog, unions: readonly TopicUnion[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const { topic, subjects } of unions) {
    const subject = topicValueSubject(topic);
    ids.set(subject, await client.register(subject, JSON.stringify(topicUnionSchema(catalog, subjects))));
  }
  return ids;
}

/** `unions`: the topics (prefix included) whose `<topic>-value` subject gets the union of their records, in registry mode. */
export async function loadCodec(settings: CodecSettings, logger: Logger, catalog: Catalog = loadCatalog(), unions: readonly TopicUnion[] = []): Promise<Codec> {
  if (settings.schemaRegistryUrl === undefined) return createCodec(catalog);
  const client = new SchemaRegistryClient(settings.schemaRegistryUrl);
  const ids = await registerCatalog(client, catalog);
  const topicSubjects = await registerTopicUnions(client, catalog, unions);
  const differing = [...ids].filter(([catalogId, registryId]) => catalogId !== registryId).length;
  logger.info({ registry: client.url, schemas: ids.size, idsDifferingFromCatalog: differing, topicSubjects: [...topicSubjects.keys()] }, 'schemas registered; records carry the registry ids');
  return createCodec(catalog, { schemaIds: (version) => ids.get(version.id) as number });
}
