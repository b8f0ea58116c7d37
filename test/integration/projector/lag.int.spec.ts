/**
 * The lag that cannot lie: the projector's `eventline_consumer_lag` is measured on a timer
 * from the end offsets and its real position, so while every batch of a partition fails it
 * grows with each event produced, and it falls back to 0 once the batches succeed again —
 * also when a partition ends in an aborted transaction, which kafkajs moves past without a batch.
 */
import { Registry, type Gauge } from 'prom-client';
import { storeStatsReadModel } from '../../../domains/orders';
import { CONSUMER_LAG_INTERVAL_MS, CONSUMER_LAG_METRIC } from '../../../platform/kafka';
import { inTransaction } from '../../../read-models';
import { produceEvents, recorded, type DomainEvent } from './support/events';
import { createWorld, type World } from './support/harness';
import { connectedKafkaClients, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(180_000);

const placed = (from: number, count: number): DomainEvent[] =>
  Array.from({ length: count }, (_, n) =>
    recorded('orders', 'OrderPlaced', `lag-o-${from + n}`, 1, '2025-01-01T12:00:00.000Z', {
      storeId: 's-lag',
      customerId: 'c-1',
      items: [{ sku: 'tea', qty: 1, priceCents: 500 }],
      currency: 'EUR',
      totalCents: 500,
    }),
  );

describe('projector lag', () => {
  const kafka = testKafka();
  let world: World | undefined;
  const clients = connectedKafkaClients(kafka, async () => world?.close());

  it('grows while every batch fails, returns to 0 once they succeed, and reads 0 past an aborted transaction', async () => {
    world = await createWorld(kafka, clients.admin, 'proj-lag');
    const { topics, db, startProjector, caughtUp } = world;
    const ordersEvents = topics.domain('orders', 'events');
    const registry = new Registry();
    await startProjector(registry);

    /** The projector's lag summed over the orders events partitions, once every partition has a series. */
    const lag = async (): Promise<number | undefined> => {
      const gauge = registry.getSingleMetric(CONSUMER_LAG_METRIC) as Gauge | undefined;
      const values = ((await gauge?.get())?.values ?? []).filter(({ labels }) => labels.consumer === 'projector' && labels.topic === ordersEvents);
      return values.length === 3 ? values.reduce((sum, { value }) => sum + value, 0) : undefined;
    };
    const lagReaches = (expected: number): Promise<number> => waitFor(async () => ((await lag()) === expected ? expected : undefined), 60_000, `the projector lag to read ${expected}`);

    await produceEvents(clients.producer, topics, placed(0, 4));
    await caughtUp();
    await lagReaches(0);

    // Every orders batch now fails (a database error, not the data's: retried, never dead-lettered).
    const sql = (text: string): Promise<unknown> => inTransaction(db.orm, (session) => session.query({ text, values: [] }));
    await sql(`ALTER TABLE ${storeStatsReadModel.table} RENAME TO lag_test_hidden`);
    await produceEvents(clients.producer, topics, placed(4, 5));
    await lagReaches(5);
    await produceEvents(clients.producer, topics, placed(9, 7));
    await lagReaches(12);

    await sql(`ALTER TABLE lag_test_hidden RENAME TO ${storeStatsReadModel.table}`);
    await lagReaches(0);
    await caughtUp();

    // Aborted events and their abort markers end the partitions: no batch reaches the projector, yet it is past them.
    const transactional = kafka.producer({ transactionalId: uniqueName('lag-abort'), idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    try {
      const transaction = await transactional.transaction();
      await produceEvents(transaction, topics, placed(16, 6));
      await transaction.abort();
    } finally {
      await transactional.disconnect();
    }
    // Measured twice since (a gauge that missed them would read 7 or more by then), and 0.
    await new Promise((resolve) => setTimeout(resolve, 2 * CONSUMER_LAG_INTERVAL_MS + 500));
    await lagReaches(0);
  });
});
