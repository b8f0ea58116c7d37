/**
 * The order-fulfilment workflow against real processes (command handler and workflow
 * service): stock received → order placed → reserved; out of stock → order cancelled;
 * cancelled → released. Then a stream of orders while the workflow service is SIGKILLed and
 * restarted: afterwards no order is reserved twice, no cancelled order keeps its reservation,
 * and the stock the inventory events add up to is the stock the orders' events imply.
 */
import fs from 'node:fs';
import { stockLevelsProjection, type StockLevelsRow } from '../../domains/inventory';
import { projectAll, type RecordedEvent } from '../../domains';
import { ensureTopics, TopicNames } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { eventlineTopicSpecs } from '../../services/topology';
import { cancelOrder, produceCommands, type TestCommand } from '../support/commands';
import { connectedKafkaClients, readDecoded, readTopic, testKafka, waitFor, type TopicRecord } from '../support/kafka';
import { uniqueName } from '../support/names';
import { spawnService, type ServiceProcess } from '../support/services';

jest.setTimeout(300_000);

const PARTITIONS = 2;

type Line = { sku: string; qty: number };
// TestCommand names the domains the support's workloads use; produceCommands takes any.
const receiveStock = (storeId: string, sku: string, qty: number): TestCommand => ({ domain: 'inventory' as TestCommand['domain'], name: 'ReceiveStock', aggregateId: storeId, data: { sku, qty } });
const placeOrder = (orderId: string, storeId: string, lines: Line[]): TestCommand => ({
  domain: 'orders',
  name: 'PlaceOrder',
  aggregateId: orderId,
  userId: 'customer-1',
  roles: [],
  data: { storeId, customerId: 'customer-1', items: lines.map(({ sku, qty }) => ({ sku, qty, priceCents: 100 })), currency: 'EUR' },
});

/** A small deterministic generator (mulberry32), so a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Decoded {
  name: string;
  event: RecordedEvent & { data: Record<string, unknown> };
}

describe('order fulfilment workflow', () => {
  const kafka = testKafka();
  const logger = createLogger('test', 'silent');
  const clients = connectedKafkaClients(kafka);

  async function setup(name: string): Promise<{ topics: TopicNames; env: NodeJS.ProcessEnv; groupId: string }> {
    const prefix = `${uniqueName(name)}.`;
    const topics = new TopicNames(prefix);
    await ensureTopics(clients.admin, eventlineTopicSpecs(topics, PARTITIONS), 1, logger);
    const clientId = uniqueName('wf');
    return { topics, env: { TOPIC_PREFIX: prefix, KAFKA_CLIENT_ID: clientId, TOPIC_PARTITIONS: String(PARTITIONS) }, groupId: `${clientId}-workflow-order-fulfilment` };
  }

  const send = (topics: TopicNames, commands: readonly TestCommand[]) => produceCommands(clients.producer, (domain) => topics.domain(domain, 'commands'), commands);

  async function events(topics: TopicNames, domain: string): Promise<Decoded[]> {
    return (await readDecoded(kafka, topics.domain(domain, 'events'))).map(({ decoded }) => ({ name: decoded.name, event: decoded.value as unknown as Decoded['event'] }));
  }

  const named = (list: Decoded[], name: string) => list.filter((entry) => entry.name === name);

  it('reserves a placed order, cancels one out of stock, releases a cancelled one', async () => {
    const { topics, env } = await setup('wf-trip');
    const services = [spawnService('command-handler', env), spawnService('workflow', env)];
    await send(topics, [receiveStock('store-1', 'apple', 5)]);
    await waitFor(async () => (named(await events(topics, 'inventory'), 'StockReceived').length === 1 ? true : undefined), 60_000, 'StockReceived');

    await send(topics, [placeOrder('o-1', 'store-1', [{ sku: 'apple', qty: 3 }]), placeOrder('o-2', 'store-1', [{ sku: 'apple', qty: 3 }])]);
    const [reserved, refused] = await waitFor(
      async () => {
        const inventory = await events(topics, 'inventory');
        const found = [named(inventory, 'StockReserved'), named(inventory, 'StockReservationRefused')];
        return found.every((list) => list.length === 1) ? found : undefined;
      },
      60_000,
      'a reservation and a refusal',
    );
    // Which order came first is up to the partitions: one of them got the 3 of 5 apples.
    const reservedOrder = String(reserved![0]!.event.data.orderId);
    const refusedOrder = String(refused![0]!.event.data.orderId);
    expect([reservedOrder, refusedOrder].sort()).toEqual(['o-1', 'o-2']);
    expect(refused![0]!.event.data.shortSkus).toEqual(['apple']);
    expect(reserved![0]!.event.userId).toBe('workflow:order-fulfilment');

    const outOfStock = await waitFor(async () => named(await events(topics, 'orders'), 'OrderCancelled')[0], 60_000, 'the refused order cancelled');
    expect({ order: outOfStock.event.aggregateId, reason: outOfStock.event.data.reason, by: outOfStock.event.userId }).toEqual({
      order: refusedOrder,
      reason: 'out of stock',
      by: 'workflow:order-fulfilment',
    });

    await send(topics, [{ ...cancelOrder(reservedOrder), userId: 'customer-1', roles: [] }]);
    const released = await waitFor(async () => named(await events(topics, 'inventory'), 'StockReleased')[0], 60_000, 'the reservation released');
    expect(released.event.data).toEqual({ orderId: reservedOrder, lines: [{ sku: 'apple', qty: 3 }] });
    const levels = projectAll(stockLevelsProjection, (await events(topics, 'inventory')).map(({ name, event }) => ({ ...event, type: name }) as never));
    expect(levels.get('store-1')).toMatchObject({ skus: [{ sku: 'apple', onHand: 5, reserved: 0, available: 5 }], openReservations: 0, refusedReservations: 1 });
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
  });

  it('reserves and releases exactly once while the workflow service is SIGKILLed mid-stream', async () => {
    const { topics, env, groupId } = await setup('wf-kill');
    const handler = spawnService('command-handler', env);
    let workflow: ServiceProcess = spawnService('workflow', env);
    const stores = ['s-0', 's-1', 's-2'];
    const skus = ['a', 'b', 'c', 'd'];
    await send(topics, stores.flatMap((store) => skus.map((sku) => receiveStock(store, sku, 20))));
    await waitFor(async () => (named(await events(topics, 'inventory'), 'StockReceived').length === stores.length * skus.length ? true : undefined), 60_000, 'stock received');

    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const orders = Array.from({ length: 240 }, (_, index) => {
      const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({ sku: pick(skus), qty: 1 + Math.floor(next() * 4) }));
      const commands = [placeOrder(`o-${index}`, pick(stores), lines)];
      // A third of the orders are cancelled by staff right after being placed.
      if (index % 3 === 0) commands.push(cancelOrder(`o-${index}`, 'staff cancelled'));
      return commands;
    });
    // Killed once it has reacted to part of the stream, while orders keep coming.
    const decided = (count: number) =>
      waitFor(
        async () => {
          const inventory = await events(topics, 'inventory');
          return named(inventory, 'StockReserved').length + named(inventory, 'StockReservationRefused').length >= count ? true : undefined;
        },
        120_000,
        `${count} reservation decisions`,
      );
    const replacements: ServiceProcess[] = [];
    const CHUNK = 10;
    for (let chunk = 0; chunk * CHUNK < orders.length; chunk += 1) {
      if (chunk === 6 || chunk === 14) {
        await decided(chunk === 6 ? 20 : 80);
        await workflow.kill('SIGKILL');
        workflow = spawnService('workflow', env);
        replacements.push(workflow);
      }
      await send(topics, orders.slice(chunk * CHUNK, (chunk + 1) * CHUNK).flat());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { orderEvents, inventoryEvents } = await waitFor(() => settled(topics, groupId), 240_000, 'the workflow and the handler to settle', 1_000);

    const placed = new Map(named(orderEvents, 'OrderPlaced').map(({ event }) => [event.aggregateId, event.data as { storeId: string; items: Line[] }]));
    const cancelled = new Map(named(orderEvents, 'OrderCancelled').map(({ event }) => [event.aggregateId, String(event.data.reason)]));
    const countBy = (name: string) => {
      const counts = new Map<string, number>();
      for (const { event } of named(inventoryEvents, name)) counts.set(String(event.data.orderId), (counts.get(String(event.data.orderId)) ?? 0) + 1);
      return counts;
    };
    const reserved = countBy('StockReserved');
    const refused = countBy('StockReservationRefused');
    const released = countBy('StockReleased');
    expect(placed.size).toBe(orders.length);
    expect(reserved.size).toBeGreaterThan(0);
    expect(refused.size).toBeGreaterThan(0);
    for (const orderId of placed.keys()) {
      const fate = { orderId, reserved: reserved.get(orderId) ?? 0, refused: refused.get(orderId) ?? 0, released: released.get(orderId) ?? 0 };
      // One reservation decision per order; a refused order is cancelled; a cancelled reserved order is released once.
      expect(fate.reserved + fate.refused).toBe(1);
      if (fate.refused === 1) expect({ orderId, cancelled: cancelled.has(orderId) }).toEqual({ orderId, cancelled: true });
      expect(fate).toEqual({ ...fate, released: fate.reserved === 1 && cancelled.has(orderId) ? 1 : 0 });
    }
    for (const [orderId, reason] of cancelled) expect([orderId, reason]).toEqual([orderId, Number(orderId.slice(2)) % 3 === 0 ? expect.any(String) : 'out of stock']);

    // The stock the inventory events add up to is what the orders imply: 20 of each on hand,
    // reserved = the lines of the orders reserved and not cancelled.
    const levels = projectAll(stockLevelsProjection, inventoryEvents.map(({ name, event }) => ({ ...event, type: name }) as never));
    for (const store of stores) {
      const expected = new Map(skus.map((sku) => [sku, 0]));
      for (const [orderId, order] of placed) {
        if (order.storeId !== store || reserved.get(orderId) !== 1 || cancelled.has(orderId)) continue;
        for (const { sku, qty } of order.items) expected.set(sku, expected.get(sku)! + qty);
      }
      const row = levels.get(store) as StockLevelsRow;
      expect(row.skus).toEqual(skus.map((sku) => ({ sku, onHand: 20, reserved: expected.get(sku), available: 20 - expected.get(sku)! })));
    }
    // Each replacement resumed from what its predecessor committed (the state of orders it had reacted to, the offset after them)
    // and removed the member the killed one left in the group rather than waiting for its session to expire.
    for (const replacement of replacements) {
      expect(fs.readFileSync(replacement.logFile, 'utf8')).toMatch(/removed the member a killed process left in the group|the member a killed process left is out of the group already/);
      expect(fs.readFileSync(replacement.logFile, 'utf8')).toMatch(/orders\.events","partition":\d+,"stateRecords":\d+,"aggregates":[1-9]\d*,"nextOffset":"[1-9]\d*"/);
    }
    await workflow.kill('SIGTERM');
    await handler.kill('SIGTERM');
  });

  /**
   * The events of both domains once nothing is left to do: the workflow has committed past
   * every event, every command (those it sent included) has its outcome, and no event appeared
   * meanwhile. Undefined while any of that is not so.
   */
  async function settled(topics: TopicNames, groupId: string): Promise<{ orderEvents: Decoded[]; inventoryEvents: Decoded[] } | undefined> {
    const sources = ['orders', 'inventory'].map((domain) => topics.domain(domain, 'events'));
    const before = await Promise.all(sources.map((topic) => readTopic(kafka, topic)));
    const committed = await clients.admin.fetchOffsets({ groupId, topics: sources });
    for (const [index, topic] of sources.entries()) {
      const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const partition of Array.from({ length: PARTITIONS }, (_, p) => p)) {
        const last = lastOffset(before[index]!, partition);
        const at = Number(offsets.find((entry) => entry.partition === partition)?.offset ?? -1);
        if (last !== undefined && at < last + 1) return undefined;
      }
    }
    for (const domain of ['orders', 'inventory']) {
      const commands = await readTopic(kafka, topics.domain(domain, 'commands'));
      const outcomes = await readTopic(kafka, topics.domain(domain, 'outcomes'));
      if (outcomes.length < commands.length) return undefined;
    }
    const [orderEvents, inventoryEvents] = [await events(topics, 'orders'), await events(topics, 'inventory')];
    if (orderEvents.length !== before[0]!.length || inventoryEvents.length !== before[1]!.length) return undefined;
    return { orderEvents, inventoryEvents };
  }
});

function lastOffset(records: readonly TopicRecord[], partition: number): number | undefined {
  const offsets = records.filter((record) => record.partition === partition).map((record) => record.offset);
  return offsets.length === 0 ? undefined : Math.max(...offsets);
}
