/**
 * Where a command's milliseconds go, read from the services' own OpenTelemetry spans: an
 * OTLP/HTTP sink (JSON, the exporter's default) that keeps each trace's stage timestamps and
 * turns them into per-hop latency histograms. The stages are those of platform/tracing/stages.ts:
 *
 *   gateway   `command …` starts when the frame reached the gateway; it ends at Kafka's ack
 *   handler   `process <…commands>` starts when its fetch handed the batch over; ends at commit
 *   gateway   `process <…events>` (the fan-out's, no consumer group) starts when its fetch
 *             handed the record over; its `deliver` child is the message queued to the socket
 *
 * All on one machine, so the processes' clocks agree to well under a millisecond.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { latencyHistogram, recordMs, summarize, type Histogram, type LatencySummary } from './histogram';

/** The hops, in the order a command takes them. */
export const HOPS = ['gateway → acked', 'acked → handler fetch', 'handler decide + transaction', 'committed → fan-out fetch', 'fan-out → queued to socket'] as const;
export type Hop = (typeof HOPS)[number];

interface OtlpSpan {
  traceId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: { key?: string }[];
}

/** One trace's stage times in ms (Unix epoch); a stage seen more than once keeps its first time. */
interface Stages {
  received?: number;
  acked?: number;
  handlerStart?: number;
  committed?: number;
  fanoutStart?: number;
  queued?: number;
}

const ms = (nanos: string | number | undefined): number | undefined => (nanos === undefined ? undefined : Number(BigInt(nanos) / 1000n) / 1000);

/** Which stage a span marks: by name and, for the two `process <events>` spans, by the projector's consumer-group attribute. */
function record(stages: Stages, span: OtlpSpan): void {
  const name = span.name ?? '';
  const start = ms(span.startTimeUnixNano);
  const end = ms(span.endTimeUnixNano);
  if (name.startsWith('command ')) {
    stages.received ??= start;
    stages.acked ??= end;
  } else if (name.startsWith('process ') && name.endsWith('commands')) {
    stages.handlerStart ??= start;
    stages.committed ??= end;
  } else if (name.startsWith('process ') && name.endsWith('events') && !(span.attributes ?? []).some(({ key }) => key === 'messaging.consumer.group.name')) {
    stages.fanoutStart ??= start;
  } else if (name.startsWith('deliver ') && name.endsWith('events')) {
    stages.queued ??= start;
  }
}

export interface SpanSink {
  readonly url: string;
  spans(): number;
  /** Forgets every trace seen so far: hops are measured from here on. */
  reset(): void;
  /** Per-hop latency of the traces that went through every stage since the last reset. */
  hops(): Record<Hop, LatencySummary> & { traces: number };
  close(): Promise<void>;
}

/** An OTLP/HTTP endpoint that answers every export, counts its spans and keeps each trace's stage times. */
export async function startSpanSink(): Promise<SpanSink> {
  let spans = 0;
  let traces = new Map<string, Stages>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
        for (const resource of body.resourceSpans ?? []) {
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans += 1;
              if (span.traceId === undefined) continue;
              const stages = traces.get(span.traceId) ?? {};
              traces.set(span.traceId, stages);
              record(stages, span);
            }
          }
        }
      } catch {
        // Not JSON (another exporter encoding): answered all the same, not counted.
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => spans,
    reset: () => void (traces = new Map()),
    hops() {
      const histograms = new Map<Hop, Histogram>(HOPS.map((hop) => [hop, latencyHistogram()]));
      let complete = 0;
      for (const { received, acked, handlerStart, committed, fanoutStart, queued } of traces.values()) {
        if (received === undefined || acked === undefined || handlerStart === undefined || committed === undefined || fanoutStart === undefined || queued === undefined) continue;
        complete += 1;
        const durations: [Hop, number][] = [
          ['gateway → acked', acked - received],
          ['acked → handler fetch', handlerStart - acked],
          ['handler decide + transaction', committed - handlerStart],
          ['committed → fan-out fetch', fanoutStart - committed],
          ['fan-out → queued to socket', queued - fanoutStart],
        ];
        // A hop can come out a little negative: the fetch may hand a record over before the producer's ack arrived.
        for (const [hop, duration] of durations) recordMs(histograms.get(hop)!, Math.max(0, duration));
      }
      return { traces: complete, ...(Object.fromEntries(HOPS.map((hop) => [hop, summarize(histograms.get(hop)!)])) as Record<Hop, LatencySummary>) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
