import { Counter, Histogram, type Registry } from 'prom-client';
import { consumerLagGauge, type ConsumerLagGauge } from '../../platform/kafka';

export interface WorkflowMetrics {
  events: Counter<'workflow' | 'result'>;
  commands: Counter<'workflow' | 'domain'>;
  transactionSeconds: Histogram<'workflow'>;
  /** The process's consumer lag gauge (platform/kafka/consumer-lag.ts), labelled `workflow:<name>`. */
  lag: ConsumerLagGauge;
}

/** One set per process, labelled by workflow: a registry refuses a metric registered twice. */
export function createWorkflowMetrics(registry: Registry): WorkflowMetrics {
  return {
    events: new Counter({
      name: 'eventline_workflow_events_total',
      help: 'Source events by result: reacted, skipped (reacted to already), dead_letter (undecodable, react threw or a command was invalid)',
      labelNames: ['workflow', 'result'],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'eventline_workflow_commands_total',
      help: 'Commands committed to <domain>.commands, by target domain',
      labelNames: ['workflow', 'domain'],
      registers: [registry],
    }),
    transactionSeconds: new Histogram({
      name: 'eventline_workflow_transaction_seconds',
      help: 'Time from batch start to transaction commit',
      labelNames: ['workflow'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    lag: consumerLagGauge(registry),
  };
}
