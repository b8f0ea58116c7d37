export { startTracing, tracingRequested, TRACING_SWITCHES, TRACING_VARIABLES, type Tracing } from './setup';
export {
  MAX_BATCH_LINKS,
  MAX_TRACE_HEADER_CHARS,
  traceCommandBatch,
  traceCommandReceived,
  traceDelivery,
  traceEventBatch,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  type CommandBatchTrace,
  type CommandReceived,
  type DeliveryTrace,
  type EventBatchTrace,
  type IngressTrace,
} from './stages';
