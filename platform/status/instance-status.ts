/**
 * What one service instance says about itself every second on `eventline.status` (the /ops
 * page's feed): read from its own metrics registry, its readiness checks and the dead letters
 * it made, so every service reports the same way and no service code changes for it. Rates
 * are per second since the previous status.
 */
import type { Registry } from 'prom-client';
import { CONSUMER_LAG_METRIC, deadLettersMade } from '../kafka';

/** The counters whose rates a status carries, by the name the page shows; a service has those it registers. */
export const STATUS_RATES = {
  commandsReceived: 'eventline_gateway_commands_received_total',
  commandsAcked: 'eventline_gateway_commands_acked_total',
  commandsDecided: 'eventline_handler_commands_total',
  eventsProjected: 'eventline_projector_events_applied_total',
  viewChanges: 'eventline_projector_view_changes_published_total',
  workflowEvents: 'eventline_workflow_events_total',
  fanoutMessages: 'eventline_gateway_fanout_messages_total',
} as const;

/** The gauges and counters a status carries as they are. */
const STATUS_VALUES = {
  sockets: 'eventline_gateway_connections',
  subscriptions: 'eventline_gateway_subscriptions',
  slowSocketCloses: 'eventline_gateway_slow_socket_closes_total',
} as const;

export interface CheckStatus {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

export interface InstanceStatus {
  readonly service: string;
  /** `<host>/<pid>`: the record key. */
  readonly instance: string;
  /** When this status was taken (ms since the epoch). */
  readonly at: number;
  readonly startedAt: number;
  readonly ready: boolean;
  readonly checks: readonly CheckStatus[];
  /** Per second since the previous status, of the STATUS_RATES this service has. */
  readonly rates: Partial<Record<keyof typeof STATUS_RATES, number>>;
  readonly values: Partial<Record<keyof typeof STATUS_VALUES, number>>;
  readonly lag: readonly { consumer: string; topic: string; partition: number; lag: number }[];
  readonly deadLetters: readonly { topic: string; count: number; newestError: string; newestAt: string }[];
}

type Totals = Map<string, number>;

/** Sums every series of each metric: the status is per instance, not per label. */
/** The metrics a status reads: each asked for by name, not the whole registry collected (histograms, process metrics) every second. */
const WANTED: readonly string[] = [...Object.values(STATUS_RATES), ...Object.values(STATUS_VALUES)];

async function totals(registry: Registry): Promise<{ totals: Totals; lag: InstanceStatus['lag'] }> {
  const sums: Totals = new Map();
  for (const name of WANTED) {
    const metric = registry.getSingleMetric(name);
    if (metric !== undefined) sums.set(name, (await metric.get()).values.reduce((sum, { value }) => sum + value, 0));
  }
  const lagMetric = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  const lag = lagMetric === undefined ? [] : (await lagMetric.get()).values.map(({ labels, value }) => ({ consumer: String(labels.consumer), topic: String(labels.topic), partition: Number(labels.partition), lag: value }));
  return { totals: sums, lag: lag.sort((a, b) => a.consumer.localeCompare(b.consumer) || a.topic.localeCompare(b.topic) || a.partition - b.partition) };
}

export class StatusTaker {
  private previous: { at: number; totals: Totals } | undefined;

  constructor(
    private readonly identity: { service: string; instance: string; startedAt: number },
    private readonly registry: Registry,
  ) {}

  async take(checks: readonly CheckStatus[], now = Date.now()): Promise<InstanceStatus> {
    const { totals: current, lag } = await totals(this.registry);
    const seconds = this.previous === undefined ? 0 : (now - this.previous.at) / 1000;
    const rates: Record<string, number> = {};
    for (const [name, metric] of Object.entries(STATUS_RATES)) {
      const total = current.get(metric);
      if (total === undefined) continue;
      const before = this.previous?.totals.get(metric) ?? total;
      rates[name] = seconds > 0 ? Math.max(0, total - before) / seconds : 0;
    }
    const values: Record<string, number> = {};
    for (const [name, metric] of Object.entries(STATUS_VALUES)) {
      const value = current.get(metric);
      if (value !== undefined) values[name] = value;
    }
    this.previous = { at: now, totals: current };
    const deadLetters = [...deadLettersMade()].map(([topic, made]) => ({ topic, ...made })).sort((a, b) => a.topic.localeCompare(b.topic));
    return { ...this.identity, at: now, ready: checks.every((check) => check.ok), checks, rates, values, lag, deadLetters };
  }
}
