/**
 * replay: seconds `eventline replay orders` takes to rebuild the orders read model from
 * 1,000,000 events (read from offset 0 into a shadow table, then swapped in). The events are
 * written beforehand (not timed) and the read-model tables created as a service would; the
 * CLI then runs as its own process, timed from spawn to exit. No projector runs. Every
 * event must have been applied and every order have its row, or the run fails.
 * Reference: ConsumerPerformance reading the same events (Kafka's share of the time).
 */
import path from 'node:path';
import { REPO_ROOT } from '../../infra/repo-root';
import { UnavailableError } from '../../platform/errors';
import { TopicNames } from '../../platform/kafka';
import { ordersReadModel } from '../../domains/orders';
import { createCodec } from '../../schemas';
import { eventlineTopicSpecs } from '../../services/topology';
import { benchAdmin, benchDatabase, benchKafka, benchProducer, createBenchTopics, measured, migrateReadModels, monotonicMs, runTool, topicPrefix, type Benchmark } from '../harness';
import { EVENTS_PER_ORDER, produceOrderEvents } from '../load/order-events';
import { consumerPerformance } from '../references/kafka-perf';
import { TARGETS } from '../targets';

const CLI = path.join(REPO_ROOT, 'bin', 'eventline.js');
const REPLAY_TIMEOUT_MS = 180_000;

/** The part of the CLI's `--json` report checked here (services/projector/replay/replay.ts ReplayReport). */
interface ReplayReport {
  readonly seconds: number;
  readonly counts: { readonly records: number; readonly applied: number };
  readonly rows?: { readonly after: number };
}

export const replayBenchmark: Benchmark = {
  name: 'replay',
  summary: 'seconds to rebuild the orders read model from 1,000,000 events (reference: ConsumerPerformance)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.replay],
  budgetMs: 240_000,
  async run(context) {
    const parameters = {
      events: context.scaled(1_000_000, 100_000),
      readModel: ordersReadModel.table,
      eventsPerOrder: 'OrderPlaced, OrderPaid, OrderShipped',
      stores: 50,
      partitions: context.config.topicPartitions,
      command: 'eventline replay orders --json',
    };
    const prefix = topicPrefix(context);
    const names = new TopicNames(prefix);
    const eventsTopic = names.domain('orders', 'events');
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, eventlineTopicSpecs(names, parameters.partitions));
    const databaseUrl = await benchDatabase(context);
    await migrateReadModels(databaseUrl);

    const orders = Math.ceil(parameters.events / EVENTS_PER_ORDER);
    context.log(`producing ${(orders * EVENTS_PER_ORDER).toLocaleString('en-US')} events (not timed)`);
    const producer = await benchProducer(context, kafka);
    const total = await produceOrderEvents(producer, createCodec(), { topic: eventsTopic, orders, stores: parameters.stores, idPrefix: prefix });
    await producer.disconnect();

    context.log('eventline replay orders');
    const env = { ...process.env, KAFKA_BROKERS: context.stack.kafkaBrokers.join(','), DATABASE_URL: databaseUrl, TOPIC_PREFIX: prefix, KAFKA_CLIENT_ID: `${prefix}cli` };
    const started = monotonicMs();
    const stdout = await runTool(context, process.execPath, [CLI, 'replay', ordersReadModel.name, '--json'], { label: 'replay', timeoutMs: REPLAY_TIMEOUT_MS, env });
    const seconds = (monotonicMs() - started) / 1000;
    const report = JSON.parse(stdout) as ReplayReport;
    if (report.counts.applied !== total || report.rows?.after !== orders) {
      throw new UnavailableError(`the replay applied ${report.counts.applied} of ${total} events and left ${report.rows?.after ?? '?'} rows for ${orders} orders`);
    }

    context.log('reference: ConsumerPerformance');
    const reference = await consumerPerformance(context, { topic: eventsTopic, records: total, group: `${prefix}reference` });
    return measured(
      [
        {
          label: `${total.toLocaleString('en-US')} events`,
          value: seconds,
          unit: 's',
          reference: { label: 'ConsumerPerformance', value: total / reference.recordsPerSec, unit: 's' },
          target: TARGETS.replay,
        },
      ],
      parameters,
      { cliReportedSeconds: report.seconds, eventsPerSec: total / seconds, reference },
    );
  },
};
