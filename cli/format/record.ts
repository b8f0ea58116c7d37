/**
 * One Kafka record as `events` prints it: its coordinates, key and headers, then either the
 * decoded Avro value with the schema that wrote it, the wire bytes (--raw), or an `error`
 * saying why it could not be decoded; a bad record is shown, never fatal.
 */
import type { ConsumedRecord, RecordHeaders } from '../../platform/kafka';
import { toEventlineError } from '../../platform/errors';
import type { Codec } from '../../schemas';

export type RawEncoding = 'hex' | 'base64';

export interface RecordView {
  topic: string;
  partition: number;
  offset: string;
  /** The record timestamp (producer create time) as ISO 8601. */
  timestamp: string;
  key: string | null;
  headers: Record<string, string | string[]>;
  schema?: { id: number; subject: string; version: number };
  /** Decoded value (latest schema version's shape), or the wire bytes with --raw; null for a tombstone. */
  value?: unknown;
  /** With --raw: how `value` encodes the bytes. */
  encoding?: RawEncoding;
  error?: { code: string; message: string };
}

export interface RecordFormat {
  readonly codec: Codec;
  /** Show the wire bytes in this encoding instead of decoding them. */
  readonly raw?: RawEncoding;
}

export function headerStrings(headers: RecordHeaders | undefined): Record<string, string | string[]> {
  const strings: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    strings[name] = Array.isArray(value) ? value.map((item) => item.toString()) : value.toString();
  }
  return strings;
}

export function recordView(topic: string, partition: number, message: ConsumedRecord, format: RecordFormat): RecordView {
  const view: RecordView = {
    topic,
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: headerStrings(message.headers),
  };
  if (message.value === null) return { ...view, value: null };
  if (format.raw !== undefined) return { ...view, encoding: format.raw, value: message.value.toString(format.raw) };
  try {
    const decoded = format.codec.decode(message.value);
    return { ...view, schema: { id: decoded.schemaId, subject: decoded.subject, version: decoded.version }, value: decoded.value };
  } catch (error) {
    const failure = toEventlineError(error);
    return { ...view, error: { code: failure.code, message: failure.message } };
  }
}
