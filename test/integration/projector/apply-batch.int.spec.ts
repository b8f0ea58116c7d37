/**
 * One batch transaction against PostgreSQL, without Kafka: the checkpoint lock makes a batch
 * that two consumers apply at once (a rebalance in flight) or that is redelivered count once,
 * partitions that create the same store_stats row at the same time all count, and the event
 * history (appended with COPY) stores every character as recorded and skips rows it holds.
 */
import type { KafkaMessage } from 'kafkajs';
import { ordersDomain } from '../../../domains/orders';
import { inTransaction } from '../../../read-models';
import { ordersReadModel, storeStatsReadModel } from '../../../domains/orders';
import { applyBatch, decodeBatch, type BatchInput } from '../../../services/projector';
import { codec } from '../../support/kafka';
import { checkpointsOf, createTestDatabase, readTable, type TestDatabase } from './support/database';
import { expectedRows, recorded, type DomainEvent } from './support/events';

const MODELS = [ordersReadModel, storeStatsReadModel];
const HISTORY = ordersDomain.eventHistory;

function batchOf(topic: string, partition: number, firstOffset: number, events: readonly DomainEvent[], models: BatchInput['models'] = MODELS): BatchInput {
  const messages: KafkaMessage[] = events.map(({ domain, event }, index) => {
    const { type, ...record } = event;
    return { offset: String(firstOffset + index), key: Buffer.from(event.aggregateId), value: codec.encode(`eventline.${domain}.${type}`, record), timestamp: '0', attributes: 0, headers: {} };
  });
  const { events: decoded, undecodable } = decodeBatch(codec, ordersDomain, messages);
  return { topic, partition, models, events: decoded, undecodable, lastOffset: firstOffset + events.length - 1 };
}

const placed = (orderId: string, storeId: string, minute: number): DomainEvent =>
  recorded('orders', 'OrderPlaced', orderId, 1, `2025-01-01T12:${String(minute).padStart(2, '0')}:00.000Z`, {
    storeId,
    customerId: 'c-1',
    items: [{ sku: 'tea', qty: 1, priceCents: 250 }],
    currency: 'EUR',
    totalCents: 250,
  });
const paid = (orderId: string, storeId: string, minute: number): DomainEvent =>
  recorded('orders', 'OrderPaid', orderId, 2, `2025-01-01T12:${String(minute).padStart(2, '0')}:30.000Z`, { storeId, amountCents: 250, currency: 'EUR' });

describe('applyBatch against PostgreSQL', () => {
  let db: TestDatabase;
  const apply = (input: BatchInput) => inTransaction(db.orm, (session) => applyBatch(session, input, async () => undefined));

  beforeAll(async () => {
    db = await createTestDatabase('apply');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies a batch once when two consumers apply it at the same time, and skips it when it comes again', async () => {
    const events = [placed('o-1', 's-once', 0), placed('o-2', 's-once', 1), paid('o-1', 's-once', 2)];
    const input = batchOf('once.events', 0, 100, events);
    const outcomes = await Promise.all([apply(input), apply(input)]);
    expect(outcomes.map((outcome) => outcome.events).sort()).toEqual([0, 3]);
    expect((await apply(input)).events).toBe(0);
    expect((await apply(batchOf('once.events', 0, 101, events.slice(1)))).events).toBe(0);

    expect(await readTable(db.orm, ordersReadModel)).toEqual(expectedRows(ordersReadModel.projection, events));
    expect(await readTable(db.orm, storeStatsReadModel)).toEqual(expectedRows(storeStatsReadModel.projection, events));
    expect((await checkpointsOf(db.orm, 'once.events')).map(({ projection, lastOffset, pendingViewKeys }) => ({ projection, lastOffset, pendingViewKeys }))).toEqual([
      { projection: 'orders', lastOffset: 102, pendingViewKeys: [] },
      { projection: 'store_stats', lastOffset: 102, pendingViewKeys: ['s-once'] },
    ]);
  });

  it('counts every partition that creates the same store row at the same time', async () => {
    const partitions = [0, 1, 2, 3];
    for (let round = 0; round < 10; round += 1) {
      const store = `s-race-${round}`;
      const perPartition = partitions.map((partition) => [placed(`o-${round}-${partition}`, store, partition), paid(`o-${round}-${partition}`, store, partition)]);
      await Promise.all(perPartition.map((events, partition) => apply(batchOf('race.events', partition, round * 2, events))));
      const row = (await readTable(db.orm, storeStatsReadModel)).get(store);
      expect(row).toEqual(expectedRows(storeStatsReadModel.projection, perPartition.flat()).get(store));
      expect(row).toMatchObject({ ordersPaid: 4, revenueByCurrency: [{ currency: 'EUR', grossCents: 1000, refundedCents: 0, netCents: 1000 }], version: 8 });
    }
  });

  it('appends the event history with COPY, every character as recorded, and skips rows it already holds', async () => {
    // COPY's text format gives a backslash, tab, newline and carriage return meaning: each must arrive as sent.
    const awkward = 'tab\there "quoted" back\\slash\\N new\nline cr\r 🍵 \\.';
    const events = [
      recorded('orders', 'OrderPlaced', 'o-copy-1', 1, '2025-01-01T12:00:00.000Z', {
        storeId: 's-copy',
        customerId: awkward,
        items: [{ sku: awkward, qty: 1, priceCents: 250 }],
        currency: 'EUR',
        totalCents: 250,
      }, awkward),
      paid('o-copy-1', 's-copy', 1),
      placed('o-copy-2', 's-copy', 2),
    ];
    const letters: unknown[] = [];
    const applyHistory = (input: BatchInput) => inTransaction(db.orm, (session) => applyBatch(session, input, async (sent) => void letters.push(...sent)));
    expect((await applyHistory(batchOf('copy.events', 0, 0, events, [HISTORY]))).changedRows).toBe(3);
    const expected = expectedRows(HISTORY.projection, events);
    expect(await readTable(db.orm, HISTORY)).toEqual(expected);
    expect([...expected.values()][0]).toMatchObject({ userId: awkward, data: { customerId: awkward } });

    // The same events from another partition (as after a replay): COPY meets the stored keys and the batch still commits.
    const later = [...events, placed('o-copy-3', 's-copy', 3)];
    const again = await applyHistory(batchOf('copy.events', 1, 0, later, [HISTORY]));
    expect(again.events).toBe(4);
    expect(letters).toEqual([]);
    expect(await readTable(db.orm, HISTORY)).toEqual(expectedRows(HISTORY.projection, later));
    expect((await checkpointsOf(db.orm, 'copy.events')).map(({ partition, lastOffset }) => ({ partition, lastOffset }))).toEqual([
      { partition: 0, lastOffset: 2 },
      { partition: 1, lastOffset: 3 },
    ]);
  });
});
