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

/**
 * The binary-mode headers of one record, added to `headers` (a new object by default) and
 * returned. Written on every record a busy handler produces, so nothing is allocated that the
 * record does not carry: the time's text is kept for the next record of the same instant (a
 * batch's records share one), and passing `headers` spares the caller a spread into its own.
 */
export function cloudEventHeaders({ id, source, type, time, subject }: CloudEventAttributes, headers: RecordHeaders = {}): RecordHeaders {
  headers.ce_specversion = CLOUDEVENTS_SPEC_VERSION;
  headers.ce_id = id;
  headers.ce_source = source;
  headers.ce_type = type;
  headers.ce_time = isoTime(time);
  headers.ce_subject = subject;
  headers['content-type'] = AVRO_CONTENT_TYPE;
  return headers;
}

let lastTimeMs = Number.NaN;
let lastTimeIso = '';

function isoTime(time: Date): string {
  const ms = time.getTime();
  if (ms !== lastTimeMs) {
    lastTimeIso = time.toISOString();
    lastTimeMs = ms;
  }
  return lastTimeIso;
}

/** A domain's `ce_source` and `ce_type` strings, built once rather than per record. */
interface DomainAttributes {
  readonly eventsSource: string;
  readonly outcomesSource: string;
  readonly outcomeType: string;
  /** `ce_type` by event type. */
  readonly eventTypes: Map<string, string>;
}

const domainAttributes = new Map<string, DomainAttributes>();

function attributesOf(domain: string): DomainAttributes {
  let attributes = domainAttributes.get(domain);
  if (attributes === undefined) {
    attributes = { eventsSource: `/eventline/${domain}/events`, outcomesSource: `/eventline/${domain}/outcomes`, outcomeType: `eventline.${domain}.CommandOutcome`, eventTypes: new Map() };
    domainAttributes.set(domain, attributes);
  }
  return attributes;
}

/** An event: one per (aggregate, version), so that pair is its id. */
export function eventCloudHeaders(domain: string, type: string, event: { aggregateId: string; version: number; occurredAt: Date }, headers?: RecordHeaders): RecordHeaders {
  const { eventsSource, eventTypes } = attributesOf(domain);
  let ceType = eventTypes.get(type);
  if (ceType === undefined) {
    ceType = `eventline.${domain}.${type}`;
    eventTypes.set(type, ceType);
  }
  return cloudEventHeaders(
    {
      id: `${event.aggregateId}/${event.version}`,
      source: eventsSource,
      type: ceType,
      time: event.occurredAt,
      subject: event.aggregateId,
    },
    headers,
  );
}

/** A command's outcome: command ids are unique per aggregate (that is where retries are recognised). */
export function outcomeCloudHeaders(domain: string, outcome: { aggregateId: string; commandId: string; decidedAt: Date }, headers?: RecordHeaders): RecordHeaders {
  const { outcomesSource, outcomeType } = attributesOf(domain);
  return cloudEventHeaders(
    {
      id: `${outcome.aggregateId}/${outcome.commandId}`,
      source: outcomesSource,
      type: outcomeType,
      time: outcome.decidedAt,
      subject: outcome.aggregateId,
    },
    headers,
  );
}

/** A view row: one per (key, row version). `subject` is the row's record, e.g. `eventline.orders.StoreStats`. */
export function viewRowCloudHeaders(view: string, subject: string, row: { key: string; version: number; updatedAt: Date }): RecordHeaders {
  return cloudEventHeaders({ id: `${row.key}/${row.version}`, source: `/eventline/views/${view}`, type: subject, time: row.updatedAt, subject: row.key });
}
