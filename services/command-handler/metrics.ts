import { Counter, Histogram, type Registry } from 'prom-client';

export interface HandlerMetrics {
  commands: Counter<'domain' | 'result'>;
  batchSize: Histogram<'domain'>;
  transactionSeconds: Histogram<'domain'>;
  deadLetters: Counter<'domain'>;
  batchesFailed: Counter<'domain'>;
  partitionsAcquired: Counter<'domain'>;
  offsetPredictionMisses: Counter<'domain'>;
  restoredRecords: Counter<'domain'>;
  storeWipes: Counter<'domain'>;
}

export function createHandlerMetrics(registry: Registry): HandlerMetrics {
  return {
    commands: new Counter({
      name: 'eventline_handler_commands_total',
      help: 'Commands decided, by result (accepted, rejected, duplicate)',
      labelNames: ['domain', 'result'],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'eventline_handler_batch_size',
      help: 'Commands per transaction',
      labelNames: ['domain'],
      buckets: [1, 5, 10, 50, 100, 500, 1000, 5000],
      registers: [registry],
    }),
    transactionSeconds: new Histogram({
      name: 'eventline_handler_transaction_seconds',
      help: 'Time from batch start to transaction commit',
      labelNames: ['domain'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'eventline_handler_dead_letters_total',
      help: 'Command records that could not be decoded, sent to <domain>.deadletters',
      labelNames: ['domain'],
      registers: [registry],
    }),
    batchesFailed: new Counter({
      name: 'eventline_handler_batches_failed_total',
      help: 'Batches whose transaction was aborted or never committed (store unreadable, producer fenced or stuck): the partition is re-acquired and its commands fetched again',
      labelNames: ['domain'],
      registers: [registry],
    }),
    partitionsAcquired: new Counter({
      name: 'eventline_handler_partitions_acquired_total',
      help: 'Partitions taken over (producer fenced in, state restored from snapshots)',
      labelNames: ['domain'],
      registers: [registry],
    }),
    offsetPredictionMisses: new Counter({
      name: 'eventline_handler_offset_prediction_misses_total',
      help: 'Transactions rewritten because the events partition was not at the predicted offset (another writer, an abort marker)',
      labelNames: ['domain'],
      registers: [registry],
    }),
    restoredRecords: new Counter({
      name: 'eventline_handler_restored_records_total',
      help: 'Snapshot records copied from <domain>.snapshots into partition stores when taking partitions over (only the tail after a store\'s offset)',
      labelNames: ['domain'],
      registers: [registry],
    }),
    storeWipes: new Counter({
      name: 'eventline_handler_store_wipes_total',
      help: 'Partition stores wiped and restored from the start of the log (new, or not a trustworthy copy)',
      labelNames: ['domain'],
      registers: [registry],
    }),
  };
}
