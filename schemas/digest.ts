/**
 * The fingerprint that locks a released schema version in catalog.json.
 *
 * It hashes the whole file as normalized JSON (object keys sorted, no whitespace), not
 * Avro's Parsing Canonical Form: that form drops `doc` and the `eventline.*` constraint
 * attributes, and both are part of the contract (a changed constraint changes what the
 * gateway accepts). Reformatting a file does not change its digest; any other edit does.
 */
import { createHash } from 'crypto';

export function schemaDigest(schema: unknown): string {
  return createHash('sha256').update(normalizedJson(schema)).digest('hex');
}

function normalizedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(normalizedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${normalizedJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
