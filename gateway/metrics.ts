/**
 * The gateway's Prometheus metrics, all on the process registry (served at /metrics).
 * Per-domain series are bound once per command route (ingress/command-table.ts), so the
 * per-command cost is an increment, not a label lookup. Labels only take values the
 * gateway knows (registered domains, its own topics, error codes), never client strings.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { consumerLagGauge, type ConsumerLagGauge } from '../platform/kafka';

export interface GatewayMetrics {
  readonly connections: Gauge;
  readonly upgradesRefused: Counter<'code'>;
  readonly commandsReceived: Counter<'domain'>;
  readonly commandsAcked: Counter<'domain'>;
  readonly commandsInvalid: Counter<'domain'>;
  readonly rateLimited: Counter;
  readonly produceBatchSize: Histogram;
  readonly ackLatency: Histogram;
  readonly undecodableRecords: Counter<'topic'>;
  readonly subscriptions: Gauge;
  readonly fanoutMessages: Counter<'kind'>;
  readonly conflatedUpdates: Counter;
  readonly slowSocketCloses: Counter;
  readonly catchingUp: Gauge;
  readonly catchUpFailures: Counter;
  readonly projectionWait: Histogram;
  /** The fan-out consumer's lag (platform/kafka/consumer-lag.ts), labelled `gateway-fanout`. */
  readonly consumerLag: ConsumerLagGauge;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    connections: new Gauge({ name: 'eventline_gateway_connections', help: 'Open WebSocket connections', registers }),
    upgradesRefused: new Counter({
      name: 'eventline_gateway_upgrades_refused_total',
      help: 'WebSocket upgrades refused before the handshake, by error code',
      labelNames: ['code'],
      registers,
    }),
    commandsReceived: new Counter({
      name: 'eventline_gateway_commands_received_total',
      help: 'Commands received for a known domain and command (WebSocket and HTTP)',
      labelNames: ['domain'],
      registers,
    }),
    commandsAcked: new Counter({
      name: 'eventline_gateway_commands_acked_total',
      help: 'Commands written to Kafka and acknowledged to the client',
      labelNames: ['domain'],
      registers,
    }),
    commandsInvalid: new Counter({
      name: 'eventline_gateway_commands_invalid_total',
      help: 'Commands refused by schema validation (never written to Kafka)',
      labelNames: ['domain'],
      registers,
    }),
    rateLimited: new Counter({ name: 'eventline_gateway_rate_limited_total', help: 'Client frames refused by the per-connection rate limit', registers }),
    produceBatchSize: new Histogram({
      name: 'eventline_gateway_produce_batch_records',
      help: 'Commands per Kafka produce request (one sendBatch per flush)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    }),
    ackLatency: new Histogram({
      name: 'eventline_gateway_ack_latency_seconds',
      help: 'From a command reaching the gateway to its ack (validated, encoded, durably in Kafka)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    undecodableRecords: new Counter({
      name: 'eventline_gateway_undecodable_records_total',
      help: 'Records the fan-out consumer could not decode and skipped',
      labelNames: ['topic'],
      registers,
    }),
    subscriptions: new Gauge({ name: 'eventline_gateway_subscriptions', help: 'Live subscriptions (socket, stream, key) held', registers }),
    fanoutMessages: new Counter({
      name: 'eventline_gateway_fanout_messages_total',
      help: 'Live messages queued to subscribed sockets (one per subscriber per record), by stream kind (events, views)',
      labelNames: ['kind'],
      registers,
    }),
    conflatedUpdates: new Counter({
      name: 'eventline_gateway_conflated_updates_total',
      help: 'View updates a slow socket never got because a newer version of the same key replaced them',
      registers,
    }),
    slowSocketCloses: new Counter({
      name: 'eventline_gateway_slow_socket_closes_total',
      help: 'Sockets closed 1013 because their unsent bytes passed WS_SEND_BUFFER_BYTES',
      registers,
    }),
    catchingUp: new Gauge({
      name: 'eventline_gateway_subscriptions_catching_up',
      help: 'Event subscriptions reading the event history before they go live (a resume, a gap, or the projector behind)',
      registers,
    }),
    catchUpFailures: new Counter({
      name: 'eventline_gateway_subscription_catchup_failures_total',
      help: 'Event subscriptions ended UNAVAILABLE because the event history did not cover a gap in time',
      registers,
    }),
    projectionWait: new Histogram({
      name: 'eventline_gateway_projection_wait_seconds',
      help: 'For "await projected" commands: from the outcome reaching the gateway to every read model of the domain having applied it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    consumerLag: consumerLagGauge(registry),
  };
}
