/**
 * The command handler against a real broker: accept and reject paths, dedupe by command id,
 * outcomes carrying their events' offsets, and state and position restored from snapshots by
 * a new instance (invariants 2–4).
 */
import { testDataDir } from '../../support/data-dir';
import { Registry } from 'prom-client';
import { ensureTopics, TopicNames } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { CommandHandler, type CommandHandlerOptions } from '../../../services/command-handler';
import { eventlineTopicSpecs } from '../../../services/topology';
import type { eventline } from '../../../schemas';
import { cancelOrder, payOrder, placeOrder, produceCommands, shipOrder, type TestCommand } from '../../support/commands';
import { codec, connectedKafkaClients, readDecoded, readTopic, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(120_000);

describe('command handler', () => {
  const kafka = testKafka();
  const topics = new TopicNames(`${uniqueName('ch')}.`);
  const appId = uniqueName('handler');
  const logger = createLogger('test', 'silent');
  const clients = connectedKafkaClients(kafka);
  const fatalErrors: Error[] = [];

  const startHandler = async (options: Partial<Pick<CommandHandlerOptions, 'maxBytesPerPartition' | 'metrics' | 'offsetCommitIntervalMs'>> = {}): Promise<CommandHandler> => {
    const handler = new CommandHandler({ kafka, topics, codec, logger, metrics: new Registry(), appId, stateDir: testDataDir(), onFatal: (error) => fatalErrors.push(error), ...options });
    await handler.start();
    return handler;
  };
  const send = (commands: TestCommand[]): Promise<string[]> => produceCommands(clients.producer, (domain) => topics.domain(domain, 'commands'), commands);
  const outcomes = async (domain: string): Promise<Map<string, eventline.CommandOutcome>> => {
    const records = await readDecoded(kafka, topics.domain(domain, 'outcomes'));
    const byId = new Map<string, eventline.CommandOutcome>();
    for (const { decoded } of records) {
      const outcome = decoded.value as eventline.CommandOutcome;
      if (!byId.has(outcome.commandId)) byId.set(outcome.commandId, outcome);
    }
    return byId;
  };
  const outcomesFor = (ids: string[], domain = 'orders'): Promise<eventline.CommandOutcome[]> =>
    waitFor(async () => {
      const all = await outcomes(domain);
      return ids.every((id) => all.has(id)) ? ids.map((id) => all.get(id)!) : undefined;
    }, 60_000, `${ids.length} outcomes`);

  beforeAll(() => ensureTopics(clients.admin, eventlineTopicSpecs(topics, 3), 1, logger));

  it('accepts and rejects orders commands, dedupes by command id, and restores state in a new instance', async () => {
    let handler = await startHandler();
    const [placed, wrongAmount, paid, unknownShip, cancelledO2Placed] = await send([
      placeOrder('o-1', 'store-1', 500, 2),
      payOrder('o-1', 999),
      payOrder('o-1', 1000),
      shipOrder('o-unknown'),
      placeOrder('o-2'),
    ]);
    const resent = await send([{ ...placeOrder('o-1'), commandId: placed }]);
    const first = await outcomesFor([placed!, wrongAmount!, paid!, unknownShip!, cancelledO2Placed!, ...resent]);
    expect(first.map((o) => [o.status, o.version, o.events])).toEqual([
      ['ACCEPTED', 1, ['OrderPlaced']],
      ['REJECTED', 1, []],
      ['ACCEPTED', 2, ['OrderPaid']],
      ['REJECTED', 0, []],
      ['ACCEPTED', 1, ['OrderPlaced']],
      ['ACCEPTED', 1, ['OrderPlaced']],
    ]);
    expect(first[1]!.reason).toMatch(/999.*1000|1000.*999/);

    // The outcome names the offsets of its events.
    const events = await readDecoded(kafka, topics.domain('orders', 'events'));
    const placedEvent = events.find((e) => e.partition === first[0]!.eventsPartition && e.offset === first[0]!.firstEventOffset);
    expect(placedEvent?.decoded.name).toBe('OrderPlaced');
    expect(placedEvent?.decoded.value).toMatchObject({ aggregateId: 'o-1', version: 1, commandId: placed, userId: 'alice' });
    // CloudEvents binary mode (docs/topics.md) on events and outcomes; an outcome written again for a retried command keeps its id.
    const text = (headers: object | undefined) => Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
    const occurredAt = (placedEvent!.decoded.value as { occurredAt: Date }).occurredAt;
    expect(text(placedEvent!.message.headers)).toEqual({
      'eventline-type': 'OrderPlaced',
      ce_specversion: '1.0',
      ce_id: 'o-1/1',
      ce_source: '/eventline/orders/events',
      ce_type: 'eventline.orders.OrderPlaced',
      ce_time: occurredAt.toISOString(),
      ce_subject: 'o-1',
      'content-type': 'application/vnd.apache.avro+binary',
    });
    const placedOutcomes = (await readDecoded(kafka, topics.domain('orders', 'outcomes'))).filter((record) => (record.decoded.value as { commandId: string }).commandId === placed);
    expect(placedOutcomes.map((record) => text(record.message.headers))).toEqual(
      placedOutcomes.map((record) => ({
        ce_specversion: '1.0',
        ce_id: `o-1/${placed}`,
        ce_source: '/eventline/orders/outcomes',
        ce_type: 'eventline.orders.CommandOutcome',
        ce_time: (record.decoded.value as { decidedAt: Date }).decidedAt.toISOString(),
        ce_subject: 'o-1',
        'content-type': 'application/vnd.apache.avro+binary',
      })),
    );
    expect(placedOutcomes).toHaveLength(2);
    // The duplicate produced no second OrderPlaced for o-1.
    expect(events.filter((e) => e.key === 'o-1').map((e) => [e.decoded.name, (e.decoded.value as { version: number }).version])).toEqual([
      ['OrderPlaced', 1],
      ['OrderPaid', 2],
    ]);

    // A new instance restores o-1 (PAID, version 2) from the snapshots before deciding.
    await handler.stop();
    handler = await startHandler();
    const [payAgain, ship, cancelShipped] = await send([payOrder('o-1', 1000), shipOrder('o-1'), cancelOrder('o-1')]);
    const second = await outcomesFor([payAgain!, ship!, cancelShipped!]);
    expect(second.map((o) => [o.status, o.version])).toEqual([
      ['REJECTED', 2],
      ['ACCEPTED', 3],
      ['REJECTED', 3],
    ]);
    await handler.stop();
    expect(fatalErrors).toEqual([]);
  });

  it('splits a transaction whose records exceed one record batch (a backlog of large messages)', async () => {
    const roomId = uniqueName('room');
    const text = 'x'.repeat(4000);
    const posts: TestCommand[] = Array.from({ length: 400 }, (_, i) => ({ domain: 'chat', name: 'PostMessage', aggregateId: roomId, data: { messageId: `m-${i}`, text } }));
    // Queue the backlog before the handler starts and let it fetch 4 MiB at once: its events
    // are then far over the broker's 1 MiB record-batch limit.
    const backlog = [{ domain: 'chat' as const, name: 'CreateRoom', aggregateId: roomId, data: { title: 'big' } }, ...posts];
    const ids: string[] = [];
    for (let start = 0; start < backlog.length; start += 100) ids.push(...(await send(backlog.slice(start, start + 100))));
    const handler = await startHandler({ maxBytesPerPartition: 4 * 1024 * 1024 });
    const decided = await outcomesFor(ids, 'chat');
    expect(decided.every((o) => o.status === 'ACCEPTED')).toBe(true);
    expect(decided[decided.length - 1]!.version).toBe(401);
    const offsets = decided.map((o) => o.firstEventOffset!);
    expect(new Set(offsets).size).toBe(offsets.length);
    await handler.stop();
    expect(fatalErrors).toEqual([]);
  });
  it('names the right event offsets whether it predicts them or another writer moved the events partition', async () => {
    const metrics = new Registry();
    const handler = await startHandler({ metrics });
    const misses = async (): Promise<number> => (await metrics.getSingleMetric('eventline_handler_offset_prediction_misses_total')?.get())?.values.reduce((sum, { value }) => sum + value, 0) ?? 0;
    const eventAt = async (outcome: eventline.CommandOutcome): Promise<{ name: string; value: unknown } | undefined> => {
      const events = await readDecoded(kafka, topics.domain('orders', 'events'));
      return events.find((e) => e.partition === outcome.eventsPartition && e.offset === outcome.firstEventOffset)?.decoded;
    };
    const orderId = uniqueName('order');
    const nextOutcome = async (command: TestCommand): Promise<eventline.CommandOutcome> => (await outcomesFor(await send([command])))[0]!;

    // The first transaction of a partition learns where its events go; the next ones predict it.
    const placed = await nextOutcome(placeOrder(orderId, 'store-1', 500, 2));
    const paid = await nextOutcome(payOrder(orderId, 1000));
    expect(await eventAt(placed)).toMatchObject({ name: 'OrderPlaced', value: { aggregateId: orderId, version: 1 } });
    expect(await eventAt(paid)).toMatchObject({ name: 'OrderPaid', value: { aggregateId: orderId, version: 2 } });
    expect(await misses()).toBe(0);

    // Someone else appends to the events partition: the prediction misses, the batch is
    // rewritten, and the outcome still names the event it produced.
    const copy = (await readTopic(kafka, topics.domain('orders', 'events'))).find((e) => e.partition === paid.eventsPartition && e.offset === paid.firstEventOffset)!;
    await clients.producer.send({ topic: topics.domain('orders', 'events'), messages: [{ partition: copy.partition, key: 'someone-else', value: copy.message.value }] });
    const shipped = await nextOutcome(shipOrder(orderId));
    expect(await eventAt(shipped)).toMatchObject({ name: 'OrderShipped', value: { aggregateId: orderId, version: 3 } });
    expect(await misses()).toBe(1);
    const events = await readDecoded(kafka, topics.domain('orders', 'events'));
    expect(events.filter((e) => e.key === orderId).map((e) => e.decoded.name)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
    await handler.stop();
    expect(fatalErrors).toEqual([]);
  });

  it('resumes each partition from the position its transactions wrote, whatever the group offsets say', async () => {
    const commandsTopic = topics.domain('orders', 'commands');
    const groupId = `${appId}-command-handler`;
    let handler = await startHandler({ offsetCommitIntervalMs: 100 });
    // One produce request per command: one record batch each, so a small fetch returns few of them.
    const firstIds: string[] = [];
    for (let i = 0; i < 30; i += 1) firstIds.push(...(await send([placeOrder(uniqueName('resume'))])));
    await outcomesFor(firstIds);
    // The group offsets follow the transactions (for lag tools), within the commit interval.
    const committedToEnd = async (): Promise<true | undefined> => {
      const ends = await clients.admin.fetchTopicOffsets(commandsTopic);
      const [committed] = await clients.admin.fetchOffsets({ groupId, topics: [commandsTopic] });
      return ends.every(({ partition, high }) => committed!.partitions.find((p) => p.partition === partition)?.offset === high) || undefined;
    };
    await waitFor(committedToEnd, 30_000, 'group offsets committed up to the end');
    await handler.stop();

    // Rewound group offsets no longer rewind the handler: it moves to its restored position
    // (fetching one small batch at a time, so the position lies beyond the first batch).
    await clients.admin.resetOffsets({ groupId, topic: commandsTopic, earliest: true });
    handler = await startHandler({ maxBytesPerPartition: 512, offsetCommitIntervalMs: 600_000 });
    const laterIds = await send([placeOrder(uniqueName('resume'))]);
    await outcomesFor(laterIds);
    // Stopping commits what the interval has not yet.
    await handler.stop();
    expect(await committedToEnd()).toBe(true);

    const outcomeRecords = (await readDecoded(kafka, topics.domain('orders', 'outcomes'))).map(({ decoded }) => (decoded.value as eventline.CommandOutcome).commandId);
    const ids = new Set([...firstIds, ...laterIds]);
    expect(outcomeRecords.filter((id) => ids.has(id)).sort()).toEqual([...ids].sort());
    expect(fatalErrors).toEqual([]);
  });

  it('dead-letters a command with an empty aggregate id: the snapshots topic keeps that key for positions', async () => {
    const handler = await startHandler();
    // Straight to Kafka: the gateway would refuse it.
    const [emptyId] = await send([{ ...placeOrder(''), aggregateId: '' }]);
    const [after] = await send([placeOrder(uniqueName('after-empty'))]);
    await outcomesFor([after!]);
    await handler.stop();

    const letters = await readTopic(kafka, topics.domain('orders', 'deadletters'));
    const letter = letters.find((record) => (codec.decode(record.message.value as Buffer).value as { commandId?: string }).commandId === emptyId);
    expect(letter?.message.headers?.['eventline-dlq-error']?.toString()).toMatch(/empty aggregateId/);
    expect((await outcomes('orders')).has(emptyId!)).toBe(false);
    // Under the empty key the snapshots hold nothing but positions.
    const positions = (await readDecoded(kafka, topics.domain('orders', 'snapshots'))).filter((record) => record.key === '');
    expect(positions.length).toBeGreaterThan(0);
    expect(new Set(positions.map((record) => record.decoded.subject))).toEqual(new Set(['eventline.HandlerPosition']));
    expect(fatalErrors).toEqual([]);
  });
});
