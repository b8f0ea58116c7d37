import { Counter, Histogram, type Registry } from 'prom-client';

export interface ProjectorMetrics {
  eventsApplied: Counter<'domain'>;
  batchSize: Histogram<'domain'>;
  batchSeconds: Histogram<'domain'>;
  deadLetters: Counter<'domain' | 'reason'>;
  projectionErrors: Counter<'domain' | 'reason'>;
  viewChanges: Counter<'view'>;
}

export function createProjectorMetrics(registry: Registry): ProjectorMetrics {
  return {
    eventsApplied: new Counter({
      name: 'eventline_projector_events_applied_total',
      help: 'Events projected into the read models (redelivered events at or below the checkpoint excluded); rate() gives events/s',
      labelNames: ['domain'],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'eventline_projector_batch_size',
      help: 'Records per batch (one database transaction)',
      labelNames: ['domain'],
      buckets: [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'eventline_projector_batch_seconds',
      help: 'Time from batch start to its view changes published',
      labelNames: ['domain'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'eventline_projector_dead_letters_total',
      help: 'Event records sent to <domain>.deadletters, by reason (decode: unreadable; projection: apply threw or the database refused the row)',
      labelNames: ['domain', 'reason'],
      registers: [registry],
    }),
    projectionErrors: new Counter({
      name: 'eventline_projector_projection_errors_total',
      help: 'Batches the database refused, by reason (data: a value it cannot store, then isolated and dead-lettered; database: anything else, retried)',
      labelNames: ['domain', 'reason'],
      registers: [registry],
    }),
    viewChanges: new Counter({
      name: 'eventline_projector_view_changes_published_total',
      help: 'View records (row + version) produced to views.<view>',
      labelNames: ['view'],
      registers: [registry],
    }),
  };
}
