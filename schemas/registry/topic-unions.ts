/**
 * One schema per topic, for SQL engines (ksqlDB, Flink SQL, Spark `from_avro`, Kafka Connect
 * sinks) that read a topic with the schema of its `<topic>-value` subject (Confluent's
 * TopicNameStrategy). Our events topics carry several record types, each written with its own
 * record schema (RecordNameStrategy, see load-codec.ts); the topic subject holds the Avro union
 * of the latest versions of those records. Avro schema resolution reads any record on the
 * topic with it: a record written as `OrderPaid` v1 resolves to the union's `OrderPaid` branch,
 * matched by full name. Records keep the ids of their own schemas; the union is the reader's.
 */
import { InternalError } from '../../platform/errors';
import type { Catalog } from '../catalog';

/** A topic whose values are records of `subjects` (record full names). */
export interface TopicUnion {
  readonly topic: string;
  readonly subjects: readonly string[];
}

/** `<topic>-value`: the subject TopicNameStrategy tools look up. */
export const topicValueSubject = (topic: string): string => `${topic}-value`;

/**
 * The union of the latest versions of `subjects`, each a branch. A union may define a named
 * type once only, so a nested type shared by several records (the catalog requires them to be
 * defined identically) is defined in its first branch and named by full name afterwards.
 */
export function topicUnionSchema(catalog: Catalog, subjects: readonly string[]): unknown[] {
  const defined = new Map<string, string>();
  return subjects.map((subject) => {
    const latest = catalog.latest(subject);
    const schema = latest.schema as { namespace?: string };
    return referencingDefined(latest.schema, schema.namespace ?? '', defined);
  });
}

/** `node` with every named type already in `defined` replaced by its full name; records the new ones. */
function referencingDefined(node: unknown, namespace: string, defined: Map<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => referencingDefined(item, namespace, defined));
  if (node === null || typeof node !== 'object') return node;
  const type = node as Record<string, unknown>;
  if (type.type === 'array') return { ...type, items: referencingDefined(type.items, namespace, defined) };
  if (type.type === 'map') return { ...type, values: referencingDefined(type.values, namespace, defined) };
  if (type.type !== 'record' && type.type !== 'enum' && type.type !== 'fixed') return type;
  const name = String(type.name);
  const ownNamespace = typeof type.namespace === 'string' ? type.namespace : namespace;
  const fullName = name.includes('.') ? name : ownNamespace ? `${ownNamespace}.${name}` : name;
  const json = JSON.stringify(type);
  const earlier = defined.get(fullName);
  if (earlier !== undefined) {
    if (earlier !== json) throw new InternalError(`${fullName} is defined differently by two records of one topic union`, { context: { fullName } });
    return fullName;
  }
  defined.set(fullName, json);
  // A nested named type takes the namespace of its file: written out, it must say so in the union.
  const withNamespace = { ...type, namespace: ownNamespace };
  if (type.type !== 'record') return withNamespace;
  const fields = (type.fields as Record<string, unknown>[]).map((field) => ({ ...field, type: referencingDefined(field.type, ownNamespace, defined) }));
  return { ...withNamespace, fields };
}
