/**
 * CloudEvents 1.0 in Kafka binary mode (the CloudEvents Kafka protocol binding): the record
 * value stays our Confluent-framed Avro, and the context attributes travel in `ce_*` headers,
 * so generic tooling (Knative, Dapr, event catalogs) can route and deduplicate our events
 * without Avro. Written on every event, outcome and view record; docs/topics.md lists them.
 *
 * `ce_id` is derived from what identifies the record, never random, so a record written again
 * (a replay, a retried command's outcome, a view row republished after a restart) carries
 * the same id: (`ce_source`, `ce_id`) is the deduplication key CloudEvents promises.
 */
import type { RecordHeaders } from './records';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** `content-type` of every value: Avro binary behind the 5-byte Confluent header (docs/schemas.md). */
export const AVRO_CONTENT_TYPE = 'application/vnd.apache.avro+binary';

export interface CloudEventAttributes {
  /** Unique within `source`, stable across rewrites of the same record. */
  readonly id: string;
  /** URI reference of the producing context, e.g. `/eventline/orders/events`. */
  readonly source: string;
  /** Reverse-DNS type naming the domain, e.g. `eventline.orders.OrderPlaced`. */
  readonly type: string;
  readonly time: Date;
  /** The aggregate id (or view key) the record is about: also its Kafka key. */
  readonly subject: string;
}

/** The binary-mode headers of one record. */
export function cloudEventHeaders({ id, source, type, time, subject }: CloudEventAttributes): RecordHeaders {
  return {
    ce_specversion: CLOUDEVENTS_SPEC_VERSION,
    ce_id: id,
    ce_source: source,
    ce_type: type,
    ce_time: time.toISOString(),
    ce_subject: subject,
    'content-type': AVRO_CONTENT_TYPE,
  };
}

/** An event: one per (aggregate, version), so that pair is its id. */
export function eventCloudHeaders(domain: string, type: string, event: { aggregateId: string; version: number; occurredAt: Date }): RecordHeaders {
  return cloudEventHeaders({
    id: `${event.aggregateId}/${event.version}`,
    source: `/eventline/${domain}/events`,
    type: `eventline.${domain}.${type}`,
    time: event.occurredAt,
    subject: event.aggregateId,
  });
}

/** A command's outcome: command ids are unique per aggregate (that is where retries are recognised). */
export function outcomeCloudHeaders(domain: string, outcome: { aggregateId: string; commandId: string; decidedAt: Date }): RecordHeaders {
  return cloudEventHeaders({
    id: `${outcome.aggregateId}/${outcome.commandId}`,
    source: `/eventline/${domain}/outcomes`,
    type: `eventline.${domain}.CommandOutcome`,
    time: outcome.decidedAt,
    subject: outcome.aggregateId,
  });
}

/** A view row: one per (key, row version). `subject` is the row's record, e.g. `eventline.orders.StoreStats`. */
export function viewRowCloudHeaders(view: string, subject: string, row: { key: string; version: number; updatedAt: Date }): RecordHeaders {
  return cloudEventHeaders({ id: `${row.key}/${row.version}`, source: `/eventline/views/${view}`, type: subject, time: row.updatedAt, subject: row.key });
}
