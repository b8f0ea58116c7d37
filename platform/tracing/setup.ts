/**
 * OpenTelemetry tracing for a process: off unless the standard OTEL_* variables ask for it
 * (an OTLP endpoint, or OTEL_TRACES_EXPORTER=otlp), so a process that is not asked pays one
 * `undefined` check per stage. On, spans go to the OTLP/HTTP exporter through a batch
 * processor; the exporter, the batch processor and the sampler read their own standard
 * variables (endpoint, headers, timeout, OTEL_BSP_*, OTEL_TRACES_SAMPLER), the resource reads
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. docs/configuration.md lists them.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { propagation, trace } from '@opentelemetry/api';
import { useTracer } from './stages';

/** The variables that switch tracing on; docs/configuration.md documents them with the others this SDK reads. */
export const TRACING_SWITCHES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_TRACES_EXPORTER', 'OTEL_SDK_DISABLED'] as const;

/** The standard variables the SDK parts used here read, all documented in docs/configuration.md. */
export const TRACING_VARIABLES = [
  ...TRACING_SWITCHES,
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
] as const;

/** Whether the environment asks for traces: an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp, and not OTEL_SDK_DISABLED=true. */
export function tracingRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER !== undefined) return env.OTEL_TRACES_EXPORTER.split(',').some((exporter) => exporter.trim() === 'otlp');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

export interface Tracing {
  /** Exports the spans still queued and stops tracing. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for `service` when the environment asks for it (or when `spanProcessors` are
 * given: tests pass the SDK's in-memory exporter); undefined otherwise.
 */
export function startTracing(service: string, env: Readonly<Record<string, string | undefined>> = process.env, spanProcessors?: SpanProcessor[]): Tracing | undefined {
  if (spanProcessors === undefined && !tracingRequested(env)) return undefined;
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: `eventline-${service}` }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: spanProcessors ?? [new BatchSpanProcessor(new OTLPTraceExporter())] });
  // Contexts are passed explicitly stage to stage (Kafka headers), so no context manager is needed.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  useTracer(provider.getTracer('eventline'));
  return {
    async shutdown() {
      useTracer(undefined);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
    },
  };
}
