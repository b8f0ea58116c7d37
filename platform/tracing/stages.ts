/**
 * One command's trace across Kafka: the W3C trace context travels in each record's
 * `traceparent` / `tracestate` headers, and each stage opens its spans from it through one
 * narrow hook here, so the services only call a function and pass headers on:
 *
 *   gateway   `command <domain>.<Name>` (server; the client's traceparent, else a new root)
 *             └ `send <domain>.commands` (producer, ends at the ack)
 *   handler   `process <domain>.commands` (consumer, one per command: decide and transaction)
 *             — its context goes on the command's events and outcome
 *   projector `process <domain>.events` (consumer, one per batch: child of its first traced
 *             event, linked to the others) — its context goes on the view records
 *   gateway   `process <topic>` (consumer, per traced record read by the fan-out)
 *             └ `deliver <stream>` (one per subscriber socket, or the command's sender)
 *
 * Names and attributes follow OpenTelemetry's messaging semantic conventions. With tracing
 * off (no tracer, see setup.ts) every hook returns undefined at once and callers skip the rest
 * with `?.`: no header is parsed and nothing is allocated.
 */
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import type { ConsumedRecord, RecordHeaders } from '../kafka/records';

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';
/** Longest `traceparent` / `tracestate` a client may send (W3C: tracestate stays within 512 characters). */
export const MAX_TRACE_HEADER_CHARS = 512;
/** Links a batch span keeps; the rest of a large batch's commands are counted, not linked. */
export const MAX_BATCH_LINKS = 128;

let tracer: Tracer | undefined;

/** Set by startTracing / its shutdown. */
export function useTracer(next: Tracer | undefined): void {
  tracer = next;
}

/** Messaging semantic-convention attribute names (copied, as the conventions advise for incubating ones). */
const MESSAGING_SYSTEM = 'messaging.system';
const OPERATION_TYPE = 'messaging.operation.type';
const OPERATION_NAME = 'messaging.operation.name';
const DESTINATION = 'messaging.destination.name';
const PARTITION = 'messaging.destination.partition.id';
const OFFSET = 'messaging.kafka.offset';
const MESSAGE_KEY = 'messaging.kafka.message.key';
const MESSAGE_ID = 'messaging.message.id';
const CONSUMER_GROUP = 'messaging.consumer.group.name';
const BATCH_COUNT = 'messaging.batch.message_count';

const headerGetter: TextMapGetter<RecordHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** The context a record's headers carry; undefined when they carry none (or an invalid one). */
function contextOf(headers: RecordHeaders | undefined): Context | undefined {
  if (headers === undefined || headers[TRACEPARENT_HEADER] === undefined) return undefined;
  const context = propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  return trace.getSpanContext(context) === undefined ? undefined : context;
}

/** The headers that carry `span`'s context to the next stage. */
function headersOf(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier;
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function kafka(operation: 'send' | 'process', topic: string, partition?: number): Attributes {
  return { [MESSAGING_SYSTEM]: 'kafka', [OPERATION_TYPE]: operation, [OPERATION_NAME]: operation, [DESTINATION]: topic, ...(partition === undefined ? {} : { [PARTITION]: String(partition) }) };
}

export interface CommandReceived {
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  /** The client's W3C trace context (command frame fields or HTTP headers), if it sent one. */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface IngressTrace {
  /** The command record's headers: `headers` plus the producer span's context. */
  readonly headers: RecordHeaders;
  acked(partition: number, offset: string): void;
  failed(error: unknown): void;
}

/**
 * Gateway: a command validated and about to be produced. `startedAt` is the performance.now()
 * at which it reached the gateway, so the server span covers the checks too.
 */
export function traceCommandReceived(command: CommandReceived, topic: string, key: string, headers: RecordHeaders, startedAt: number): IngressTrace | undefined {
  if (tracer === undefined) return undefined;
  const client = command.traceparent === undefined ? undefined : contextOf({ [TRACEPARENT_HEADER]: command.traceparent, [TRACESTATE_HEADER]: command.tracestate });
  const parent = client ?? ROOT_CONTEXT;
  const received = tracer.startSpan(`command ${command.domain}.${command.name}`, { kind: SpanKind.SERVER, startTime: startedAt, attributes: { 'eventline.command.id': command.id } }, parent);
  const send = tracer.startSpan(
    `send ${topic}`,
    { kind: SpanKind.PRODUCER, attributes: { ...kafka('send', topic), [MESSAGE_ID]: command.id, [MESSAGE_KEY]: key } },
    trace.setSpan(parent, received),
  );
  return {
    headers: { ...headers, ...headersOf(send) },
    acked(partition, offset) {
      send.setAttributes({ [PARTITION]: String(partition), [OFFSET]: Number(offset) });
      send.end();
      received.end();
    },
    failed(error) {
      fail(send, error);
      fail(received, error);
      send.end();
      received.end();
    },
  };
}

export interface CommandBatchTrace {
  /** A command of the batch, decoded: its span starts (when its record carries a context). */
  command(commandId: string, record: ConsumedRecord): void;
  /** Headers for the events of `commandId`; undefined when the command is not traced. */
  eventHeaders(commandId: string): Record<string, string> | undefined;
  /** Headers for the outcome of `commandId`, noting its status on the span. */
  outcomeHeaders(commandId: string, status: string): Record<string, string> | undefined;
  /** The transaction committed (or failed): every command span ends. */
  end(error?: unknown): void;
}

/** Command handler: a batch of one commands partition; one consumer span per traced command. */
export function traceCommandBatch(topic: string, partition: number, group: string): CommandBatchTrace | undefined {
  if (tracer === undefined) return undefined;
  const active = tracer;
  const startTime = performance.now();
  const spans = new Map<string, { span: Span; headers: Record<string, string> }>();
  return {
    command(commandId, record) {
      const parent = contextOf(record.headers);
      if (parent === undefined) return;
      const span = active.startSpan(
        `process ${topic}`,
        { kind: SpanKind.CONSUMER, startTime, attributes: { ...kafka('process', topic, partition), [CONSUMER_GROUP]: group, [OFFSET]: Number(record.offset), [MESSAGE_ID]: commandId } },
        parent,
      );
      spans.set(commandId, { span, headers: headersOf(span) });
    },
    eventHeaders: (commandId) => spans.get(commandId)?.headers,
    outcomeHeaders(commandId, status) {
      const traced = spans.get(commandId);
      traced?.span.setAttribute('eventline.command.status', status);
      return traced?.headers;
    },
    end(error) {
      for (const { span } of spans.values()) {
        span.setAttribute(BATCH_COUNT, spans.size);
        if (error !== undefined) fail(span, error);
        span.end();
      }
    },
  };
}

export interface EventBatchTrace {
  /** Headers for the records produced for the batch (view changes). */
  readonly headers: Record<string, string>;
  end(error?: unknown): void;
}

/**
 * Projector: one consumer span per batch of events, child of its first traced event and
 * linked to the others (up to MAX_BATCH_LINKS); undefined when no event carries a context.
 */
export function traceEventBatch(topic: string, partition: number, group: string, records: readonly ConsumedRecord[]): EventBatchTrace | undefined {
  if (tracer === undefined) return undefined;
  let parent: Context | undefined;
  const links: Link[] = [];
  for (const record of records) {
    const context = contextOf(record.headers);
    if (context === undefined) continue;
    parent ??= context;
    if (links.length < MAX_BATCH_LINKS) links.push({ context: trace.getSpanContext(context)!, attributes: { [OFFSET]: Number(record.offset) } });
  }
  if (parent === undefined) return undefined;
  const span = tracer.startSpan(
    `process ${topic}`,
    { kind: SpanKind.CONSUMER, links, attributes: { ...kafka('process', topic, partition), [CONSUMER_GROUP]: group, [BATCH_COUNT]: records.length } },
    parent,
  );
  return {
    headers: headersOf(span),
    end(error) {
      if (error !== undefined) fail(span, error);
      span.end();
    },
  };
}

export interface DeliveryTrace {
  /** The record was queued to one subscriber socket (or a command's sender). */
  delivered(stream: string, key: string): void;
  /** The fan-out is done with the record: `queued` messages went to sockets. */
  end(queued: number): void;
}

/** Gateway fan-out: a record read from `topic`; undefined when tracing is off or the record carries no context. */
export function traceDelivery(topic: string, partition: number, record: ConsumedRecord): DeliveryTrace | undefined {
  if (tracer === undefined) return undefined;
  const parent = contextOf(record.headers);
  if (parent === undefined) return undefined;
  const active = tracer;
  const span = active.startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes: { ...kafka('process', topic, partition), [OFFSET]: Number(record.offset) } }, parent);
  const within = trace.setSpan(parent, span);
  return {
    delivered(stream, key) {
      active.startSpan(`deliver ${stream}`, { kind: SpanKind.PRODUCER, attributes: { 'eventline.stream': stream, 'eventline.key': key } }, within).end();
    },
    end(queued) {
      span.setAttribute('eventline.messages_queued', queued);
      span.end();
    },
  };
}
