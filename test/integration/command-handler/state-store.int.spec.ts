/**
 * The command handler's partition stores against a real broker: a handler restarted on the
 * same disk restores only the tail of the snapshots partition, one on a new disk the whole
 * partition once; with a cache of one aggregate every decision reads the store and is still
 * right; a store that is ahead of the log is wiped, never trusted (invariant 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { ensureTopics, TopicNames } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import type { eventline } from '../../../schemas';
import { CommandHandler } from '../../../services/command-handler';
import { PartitionStore } from '../../../services/command-handler/state/partition-store';
import { eventlineTopicSpecs } from '../../../services/topology';
import { payOrder, placeOrder, produceCommands, shipOrder, type TestCommand } from '../../support/commands';
import { codec, connectedKafkaClients, readDecoded, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(120_000);

const PARTITIONS = 2;

describe('command handler partition stores', () => {
  const kafka = testKafka();
  const logger = createLogger('test', 'silent');
  const clients = connectedKafkaClients(kafka);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const newDisk = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-store-'));
    dirs.push(dir);
    return dir;
  };

  async function world(name: string) {
    const topics = new TopicNames(`${uniqueName(name)}.`);
    const appId = uniqueName('store');
    await ensureTopics(clients.admin, eventlineTopicSpecs(topics, PARTITIONS), 1, logger);
    const start = async (stateDir: string, cacheAggregates = 1) => {
      const metrics = new Registry();
      const handler = new CommandHandler({ kafka, topics, codec, logger, metrics, appId, stateDir, cacheAggregates, onFatal: () => undefined });
      await handler.start();
      const counter = async (name: string): Promise<number> =>
        ((await metrics.getSingleMetric(name)?.get())?.values ?? []).reduce((sum, { value }) => sum + value, 0);
      return { handler, restored: () => counter('eventline_handler_restored_records_total'), wipes: () => counter('eventline_handler_store_wipes_total') };
    };
    const decide = async (commands: TestCommand[]): Promise<[string, number][]> => {
      const ids = await produceCommands(clients.producer, (domain) => topics.domain(domain, 'commands'), commands);
      const outcomes = await waitFor(async () => {
        const byId = new Map((await readDecoded(kafka, topics.domain('orders', 'outcomes'))).map(({ decoded }) => [(decoded.value as eventline.CommandOutcome).commandId, decoded.value as eventline.CommandOutcome]));
        return ids.every((id) => byId.has(id)) ? ids.map((id) => byId.get(id)!) : undefined;
      }, 60_000, `${ids.length} outcomes`);
      return outcomes.map((outcome) => [outcome.status, outcome.version]);
    };
    return { topics, appId, start, decide };
  }

  const orders = Array.from({ length: 6 }, (_, i) => `order-${i}`);

  it('restores only the tail on the same disk and the whole partition on a new one, deciding from the store', async () => {
    const { start, decide, topics } = await world('store-tail');
    const disk = newDisk();
    const first = await start(disk);
    expect(await decide(orders.map((id) => placeOrder(id, 'store-1', 250, 2)))).toEqual(orders.map(() => ['ACCEPTED', 1]));
    expect(await decide(orders.slice(0, 3).map((id) => payOrder(id, 500)))).toEqual(orders.slice(0, 3).map(() => ['ACCEPTED', 2]));
    await first.handler.stop();

    // Same disk: the stores already hold everything this handler committed.
    const second = await start(disk);
    expect(await decide([...orders.slice(0, 3).map(shipOrder), payOrder(orders[3]!, 500)])).toEqual([
      ['ACCEPTED', 3],
      ['ACCEPTED', 3],
      ['ACCEPTED', 3],
      ['ACCEPTED', 2],
    ]);
    expect(await second.restored()).toBe(0);
    await second.handler.stop();

    // New disk: every partition is read once, from the start.
    const snapshotRecords = (await readDecoded(kafka, topics.domain('orders', 'snapshots'))).length;
    const third = await start(newDisk());
    expect(await decide([payOrder(orders[3]!, 500), payOrder(orders[4]!, 500)])).toEqual([
      ['REJECTED', 2],
      ['ACCEPTED', 2],
    ]);
    expect(await third.restored()).toBeGreaterThanOrEqual(snapshotRecords);
    expect(await third.wipes()).toBe(PARTITIONS);
    await third.handler.stop();
  });

  it('wipes a store that is ahead of the log instead of deciding from it', async () => {
    const { start, decide, topics, appId } = await world('store-ahead');
    const disk = newDisk();
    const clusterId = (await clients.admin.describeCluster()).clusterId;
    // A store that claims more than the log has, with a state for order-0 Kafka never had.
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      const snapshots = topics.domain('orders', 'snapshots');
      const store = await PartitionStore.open(path.join(disk, appId, `${snapshots}-${partition}`), logger);
      await store.wipe({ clusterId, topic: snapshots, partition, partitions: PARTITIONS });
      const bogus = codec.encode('eventline.orders.OrderSnapshot', {
        aggregateId: 'order-0',
        version: 7,
        state: { status: 'SHIPPED', storeId: 'store-1', customerId: 'customer-1', currency: 'EUR', totalCents: 500, paidCents: 500 },
        recentCommands: [],
        updatedAt: new Date(),
      });
      await store.write([{ key: 'order-0', value: bogus }], 1_000_000n);
      await store.close();
    }
    const handler = await start(disk);
    expect(await decide([placeOrder('order-0')])).toEqual([['ACCEPTED', 1]]);
    // A partition is taken over at its first batch: only order-0's was.
    expect(await handler.wipes()).toBe(1);
    await handler.handler.stop();
  });
});
