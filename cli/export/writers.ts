/**
 * The files `eventline export` writes, one decoded record per row. Every format has the same
 * columns: the Kafka coordinates and schema of the record (`kafka_*`, `schema_*`), then the
 * record's own top-level fields — for events the envelope (`aggregateId`, `version`,
 * `commandId`, `userId`, `occurredAt`) as columns and `data` as a struct (Parquet, Avro) or
 * object (NDJSON).
 *
 * - ndjson: one JSON object a line, timestamps ISO 8601 UTC;
 * - parquet: DuckDB (`@duckdb/node-api`) reads the NDJSON written first beside the output and
 *   `COPY`s it to Parquet with typed columns (timestamps as TIMESTAMP, in UTC; cents as BIGINT;
 *   `data` as a STRUCT of every field the topic's records have);
 * - avro: an Avro object container file (avsc) whose schema is a record of those columns with
 *   `value` the union of the topic's records (schemas/registry/topic-unions.ts).
 */
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { streams } from 'avsc';
import type { Catalog } from '../../schemas';
import { toAvroType } from '../../schemas/avro-type';
import { topicUnionSchema } from '../../schemas/registry';

export const EXPORT_FORMATS = ['parquet', 'avro', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: Date;
  readonly key: string | null;
  readonly schemaId: number;
  readonly subject: string;
  readonly schemaVersion: number;
  /** The decoded record, in the latest shape of its subject. */
  readonly value: Record<string, unknown>;
}

export interface ExportWriter {
  write(record: ExportedRecord): Promise<void>;
  /** Finishes the file; `rows` is how many were written. */
  close(): Promise<void>;
  /** Removes what was written (an interrupted or failed export leaves no half file). */
  discard(): void;
}

function metadata(record: ExportedRecord): Record<string, unknown> {
  return {
    kafka_topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
    kafka_timestamp: record.timestamp,
    kafka_key: record.key,
    schema_id: record.schemaId,
    schema_subject: record.subject,
    schema_version: record.schemaVersion,
  };
}

export function createExportWriter(format: ExportFormat, out: string, catalog: Catalog, subjects: readonly string[]): ExportWriter {
  switch (format) {
    case 'ndjson':
      return ndjsonWriter(out);
    case 'parquet':
      return parquetWriter(out);
    case 'avro':
      return avroWriter(out, catalog, subjects);
  }
}

/** Written to `<out>.partial` and renamed at the end, so `out` is never a half file. */
function ndjsonWriter(out: string): ExportWriter & { rows(): number } {
  const partial = `${out}.partial`;
  const stream: WriteStream = createWriteStream(partial);
  let rows = 0;
  return {
    async write(record) {
      rows += 1;
      if (!stream.write(`${JSON.stringify({ ...metadata(record), ...record.value })}\n`)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
      renameSync(partial, out);
    },
    discard() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
    rows: () => rows,
  };
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The columns of an export without rows, typed as they would be with some. */
const EMPTY_SELECT = `SELECT NULL::VARCHAR AS kafka_topic, NULL::INTEGER AS kafka_partition, NULL::BIGINT AS kafka_offset,
  NULL::TIMESTAMP AS kafka_timestamp, NULL::VARCHAR AS kafka_key, NULL::INTEGER AS schema_id, NULL::VARCHAR AS schema_subject,
  NULL::INTEGER AS schema_version WHERE false`;

function parquetWriter(out: string): ExportWriter {
  const json = `${out}.ndjson`;
  const lines = ndjsonWriter(json);
  return {
    write: (record) => lines.write(record),
    async close() {
      await lines.close();
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        // sample_size=-1: every line shapes the types, so a field of a rare record type gets its own column type.
        // The timestamp format is how JSON.stringify writes a Date: every timestamp becomes a TIMESTAMP in UTC.
        const select =
          lines.rows() === 0
            ? EMPTY_SELECT
            : `SELECT * REPLACE (kafka_partition::INTEGER AS kafka_partition, kafka_offset::BIGINT AS kafka_offset,
                 schema_id::INTEGER AS schema_id, schema_version::INTEGER AS schema_version)
               FROM read_json(${sqlString(json)}, format = 'newline_delimited', sample_size = -1, timestampformat = '%Y-%m-%dT%H:%M:%S.%gZ')`;
        await connection.run(`COPY (${select}) TO ${sqlString(`${out}.partial`)} (FORMAT parquet)`);
        renameSync(`${out}.partial`, out);
      } finally {
        connection.closeSync();
        instance.closeSync();
        rmSync(json, { force: true });
      }
    },
    discard() {
      lines.discard();
      rmSync(json, { force: true });
      rmSync(`${out}.partial`, { force: true });
    },
  };
}

function avroWriter(out: string, catalog: Catalog, subjects: readonly string[]): ExportWriter {
  const partial = `${out}.partial`;
  const type = toAvroType(
    {
      type: 'record',
      name: 'ExportedRecord',
      namespace: 'eventline.export',
      doc: 'One record of a topic, as `eventline export` writes it.',
      fields: [
        { name: 'kafka_topic', type: 'string' },
        { name: 'kafka_partition', type: 'int' },
        { name: 'kafka_offset', type: 'long' },
        { name: 'kafka_timestamp', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'kafka_key', type: ['null', 'string'], default: null },
        { name: 'schema_id', type: 'int' },
        { name: 'schema_subject', type: 'string' },
        { name: 'schema_version', type: 'int' },
        { name: 'value', type: topicUnionSchema(catalog, subjects), doc: 'The record, in the latest version of its subject; the union branch names it.' },
      ],
    },
    { wrapUnions: 'auto' },
  );
  // avsc's container encoder: deflate blocks, the schema in the header for any Avro reader.
  const encoder = new streams.BlockEncoder(type, { codec: 'deflate' });
  const file = createWriteStream(partial);
  encoder.pipe(file);
  const done = once(file, 'finish');
  return {
    async write(record) {
      const value = subjects.length === 1 ? record.value : { [record.subject]: record.value };
      if (!encoder.write({ ...metadata(record), value })) await once(encoder, 'drain');
    },
    async close() {
      encoder.end();
      await done;
      renameSync(partial, out);
    },
    discard() {
      encoder.destroy();
      file.destroy();
      rmSync(partial, { force: true });
    },
  };
}
