/**
 * projection: events per second the projector applies to the PostgreSQL read models. A
 * backlog of orders events (placed, paid, shipped per order) is written to the events topic
 * first; then the projector (dist/services/projector/main.js, its own process, a database of
 * its own) works it off. Its progress is its group offset, committed after each batch's
 * database transaction (rows + checkpoint); the first events are the warm-up. Every event
 * must have been applied: dead letters or missing order rows fail the run rather than
 * inflate the figure.
 * Reference: plain pg unnest INSERT of orders-shaped rows into the same server.
 */
import { TopicNames } from '../../platform/kafka';
import { UnavailableError } from '../../platform/errors';
import { ordersReadModel } from '../../domains/orders';
import { createCodec } from '../../schemas';
import { eventlineTopicSpecs } from '../../services/topology';
import {
  benchAdmin,
  benchDatabase,
  benchKafka,
  benchProducer,
  benchPgClient,
  committedRecords,
  createBenchTopics,
  measured,
  monotonicMs,
  ServiceProcess,
  topicPrefix,
  topicRecords,
  waitForCount,
  type Benchmark,
} from '../harness';
import { EVENTS_PER_ORDER, produceOrderEvents } from '../load/order-events';
import { unnestInsertRate } from '../references/postgres-insert';
import { RATIO_GOALS, TARGETS } from '../targets';

const POLL_MS = 100;
/** Start-up (migrations, group join, positioning) included. */
const STALL_MS = 30_000;

export const projectionBenchmark: Benchmark = {
  name: 'projection',
  summary: 'events/s applied to the Postgres read models from a backlog (reference: pg unnest INSERT)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.projection],
  budgetMs: 150_000,
  async run(context) {
    const parameters = {
      events: context.scaled(200_000, 20_000),
      warmupEvents: context.scaled(20_000, 2_000),
      domain: 'orders',
      eventsPerOrder: 'OrderPlaced, OrderPaid, OrderShipped',
      stores: 50,
      partitions: context.config.topicPartitions,
      referenceRows: context.scaled(200_000, 20_000),
      referenceBatch: 5_000,
    };
    const prefix = topicPrefix(context);
    const names = new TopicNames(prefix);
    const eventsTopic = names.domain('orders', 'events');
    const kafka = benchKafka(context);
    const admin = await benchAdmin(context, kafka);
    await createBenchTopics(context, admin, eventlineTopicSpecs(names, parameters.partitions));
    const databaseUrl = await benchDatabase(context);

    const orders = Math.ceil((parameters.warmupEvents + parameters.events) / EVENTS_PER_ORDER);
    context.log(`producing a backlog of ${(orders * EVENTS_PER_ORDER).toLocaleString('en-US')} events`);
    const producer = await benchProducer(context, kafka);
    const total = await produceOrderEvents(producer, createCodec(), { topic: eventsTopic, orders, stores: parameters.stores, idPrefix: prefix });

    const appId = `${prefix}app`;
    const spawnedAt = monotonicMs();
    const projector = ServiceProcess.start(context, 'projector', {
      KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: prefix,
      TOPIC_PARTITIONS: String(parameters.partitions),
      KAFKA_CLIENT_ID: appId,
    });
    const applied = async (): Promise<number | undefined> => {
      if (!projector.running) throw new UnavailableError(`the projector exited; ${projector.explain()}`);
      return committedRecords(admin, `${appId}-projector`, eventsTopic);
    };
    const waitFor = (target: number, what: string) =>
      waitForCount(applied, { target, stallMs: STALL_MS, intervalMs: POLL_MS, what, explain: () => projector.explain() });
    context.log('projector started; warming up');
    const warm = await waitFor(parameters.warmupEvents, 'applying the warm-up events');
    const done = await waitFor(total, 'applying the backlog');
    await projector.stop();
    const deadLetters = await topicRecords(admin, names.domain('orders', 'deadletters'));
    if (deadLetters > 0) throw new UnavailableError(`the projector dead-lettered ${deadLetters} of ${total} events (log: ${projector.logFile})`);
    const database = await benchPgClient(context, databaseUrl);
    const rows = Number((await database.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${ordersReadModel.table}`)).rows[0]?.rows);
    if (rows !== orders) throw new UnavailableError(`the ${ordersReadModel.table} read model has ${rows} rows after ${orders} orders (log: ${projector.logFile})`);

    context.log('reference: pg unnest INSERT');
    const reference = await unnestInsertRate(context, database, { rows: parameters.referenceRows, batch: parameters.referenceBatch });
    return measured(
      [
        {
          label: 'orders',
          value: (done.count - warm.count) / ((done.at - warm.at) / 1000),
          unit: 'events/s',
          reference: { label: 'pg unnest INSERT', value: reference, unit: 'rows/s' },
          target: TARGETS.projection,
          goal: RATIO_GOALS.projection,
        },
      ],
      parameters,
      { warmupSeconds: (warm.at - spawnedAt) / 1000, measuredSeconds: (done.at - warm.at) / 1000, eventsProduced: total },
    );
  },
};
