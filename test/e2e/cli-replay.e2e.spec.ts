/**
 * `eventline replay` as a process, beside a live projector (invariant 5): a dry run reports the
 * differences deliberately put into a read model; a replay restores exactly the rows of the
 * uninterrupted run and the live projector goes on from the handed-over checkpoint, also when
 * events keep arriving during the swap; a corrected view row is published once, with a higher
 * version; Ctrl-C during the rebuild leaves the live table untouched. The tests build on each
 * other's state, in order.
 */
import type { Admin, Producer } from 'kafkajs';
import type { Versioned } from '../../domains';
import type { AnyReadModel } from '../../read-models';
import { ordersReadModel, storeStatsReadModel } from '../../domains/orders';
import { messagesReadModel } from '../../domains/chat';
import type { Projector } from '../../services/projector';
import { readTable } from '../integration/projector/support/database';
import { produceEvents, workloadEvents, type DomainEvent } from '../integration/projector/support/events';
import { createWorld, type World } from '../integration/projector/support/harness';
import { cliEnv, spawnEventline } from '../integration/cli/support';
import { readDecoded, testKafka } from '../support/kafka';

jest.setTimeout(300_000);

/** Enough events that a rebuild lasts a few seconds, so Ctrl-C lands in the middle of it. */
const EVENTS = 60_000;

describe('eventline replay (process, live projector running)', () => {
  const kafka = testKafka();
  let admin: Admin;
  let producer: Producer;
  let world: World;
  let projector: Projector;
  let env: NodeJS.ProcessEnv;
  let events: DomainEvent[];
  /** Every read model as the uninterrupted live run left it. */
  const uninterrupted = new Map<string, Map<string, Versioned<object>>>();

  const sql = (text: string) => world.db.orm.em.getConnection().execute(text);
  const rows = (model: AnyReadModel) => readTable(world.db.orm, model);
  const tableExists = async (table: string) => ((await sql(`SELECT to_regclass('${table}')::text AS t`)) as { t: string | null }[])[0]?.t != null;
  const replay = (...args: string[]) => spawnEventline(env, 'replay', ...args);

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
    world = await createWorld(kafka, admin, 'cli_replay');
    env = cliEnv(world.topics.prefix, world.db.url);
    events = workloadEvents(EVENTS, 7, 'replay');
    await produceEvents(producer, world.topics, events, 5_000);
    projector = await world.startProjector();
    await world.caughtUp(120_000);
    for (const model of [ordersReadModel, storeStatsReadModel]) uninterrupted.set(model.name, await rows(model));
  });
  afterAll(async () => {
    await projector.stop();
    await producer.disconnect();
    await admin.disconnect();
    await world.db.drop();
  });

  it('reports the differences it finds in a dry run, and changes nothing', async () => {
    const [first, second, third] = [...uninterrupted.get('orders')!.keys()].sort();
    await sql(`UPDATE orders SET status = 'LOST', total_cents = 1 WHERE order_id = '${first}'`);
    await sql(`UPDATE orders SET version = version + 5 WHERE order_id = '${second}'`);
    await sql(`DELETE FROM orders WHERE order_id = '${third}'`);
    await sql(`INSERT INTO orders SELECT 'ghost', store_id, customer_id, status, total_cents, currency, item_count, carrier, tracking_number, cancel_reason, placed_at, paid_at, shipped_at, cancelled_at, updated_at, version FROM orders WHERE order_id = '${first}'`);
    const corrupted = await rows(ordersReadModel);

    const { code, out } = await replay('orders', '--dry-run', '--json').exited;
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.diff.counts).toEqual({ liveRows: corrupted.size, rebuiltRows: uninterrupted.get('orders')!.size, onlyLive: 1, onlyRebuilt: 1, different: 1, versionOnly: 1 });
    expect(report.diff.first).toEqual(
      expect.arrayContaining([
        { key: first, kind: 'different', columns: [{ column: 'status', live: 'LOST', rebuilt: expect.any(String) }, expect.objectContaining({ column: 'total_cents', live: 1 })] },
        { key: second, kind: 'different', columns: [expect.objectContaining({ column: 'version' })] },
        { key: third, kind: 'only-rebuilt', columns: [] },
        { key: 'ghost', kind: 'only-live', columns: [] },
      ]),
    );
    expect(await rows(ordersReadModel)).toEqual(corrupted);
    expect(await tableExists('orders__rebuild')).toBe(false);
  });

  it('restores exactly the rows of the uninterrupted run, and the live projector goes on from the handed-over checkpoint', async () => {
    const { code, out, err } = await replay('orders').exited;
    expect({ code, err: err.split('\n').filter((line) => line.startsWith('eventline:')) }).toEqual({ code: 0, err: [] });
    expect(out).toContain('swapped orders in');
    expect(await rows(ordersReadModel)).toEqual(uninterrupted.get('orders'));
    expect(((await sql(`SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass`)) as { conname: string }[]).map((c) => c.conname)).toEqual(['orders_pkey']);

    const more = workloadEvents(2_000, 8, 'after-replay');
    await produceEvents(producer, world.topics, more);
    await world.caughtUp();
    await world.expectRowsToEqualFold([...events, ...more]);
    events.push(...more);
  });

  it('rebuilds the chat read models too, keeping composite keys and constraint names', async () => {
    const before = await rows(messagesReadModel);
    await sql(`UPDATE messages SET text = 'tampered' WHERE (room_id, seq) IN (SELECT room_id, seq FROM messages ORDER BY room_id, seq LIMIT 3)`);
    expect((await replay('messages').exited).code).toBe(0);
    expect(await rows(messagesReadModel)).toEqual(before);
    const constraints = (await sql(`SELECT conname FROM pg_constraint WHERE conrelid = 'messages'::regclass ORDER BY conname`)) as { conname: string }[];
    expect(constraints.map((c) => c.conname)).toEqual(['messages_message_id_key', 'messages_pkey']);
  });

  it('loses and repeats nothing when events keep arriving during the rebuild and the swap', async () => {
    const more = workloadEvents(40_000, 9, 'during-replay');
    let replaying = true;
    let produced = 0;
    // Keeps writing until the replay has exited, so events arrive before, during and after the swap.
    const writer = (async () => {
      while (replaying && produced < more.length) {
        await produceEvents(producer, world.topics, more.slice(produced, produced + 200));
        produced = Math.min(more.length, produced + 200);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // store_stats too: its swap also meets the projector's view publisher, which locks in another order.
    const results = [await replay('orders').exited, await replay('store_stats').exited];
    replaying = false;
    await writer;
    expect(results.map(({ code, out }) => [code, /swapped \w+ in/.test(out)])).toEqual([
      [0, true],
      [0, true],
    ]);
    expect(produced).toBeLessThan(more.length);
    await world.caughtUp();
    events.push(...more.slice(0, produced));
    await world.expectRowsToEqualFold(events);
    await world.expectViewStream('store_stats');
  });

  it('publishes one change per corrected view row, with a version above the live one', async () => {
    const before = await rows(storeStatsReadModel);
    const [store] = [...before.keys()].sort();
    await sql(`UPDATE store_stats SET revenue_by_currency = '[{"currency": "EUR", "grossCents": 12345, "refundedCents": 0, "netCents": 12345}]' WHERE store_id = '${store}'`);
    const viewTopic = world.topics.view('store_stats');
    const ends = new Map((await admin.fetchTopicOffsets(viewTopic)).map(({ partition, high }) => [partition, Number(high)]));

    const { code, out } = await replay('store_stats').exited;
    expect(code).toBe(0);
    expect(out).toContain('published 1 changed rows of 1 to views.store_stats');
    const after = await rows(storeStatsReadModel);
    expect(after.get(store!)).toEqual({ ...before.get(store!), version: before.get(store!)!.version + 1 });
    for (const [key, row] of before) if (key !== store) expect(after.get(key)).toEqual(row);
    const fresh = (await readDecoded(kafka, viewTopic)).filter(({ partition, offset }) => offset >= ends.get(partition)!);
    expect(fresh.map(({ key, decoded }) => [key, (decoded.value as { version: number }).version])).toEqual([[store, before.get(store!)!.version + 1]]);
    await world.expectViewStream('store_stats');
  });

  it('leaves the live table untouched and drops the shadow when interrupted with Ctrl-C (exit 130)', async () => {
    const before = await rows(ordersReadModel);
    const running = replay('orders');
    await running.waitForErr(/rebuilding orders__rebuild/);
    running.child.kill('SIGINT');
    const { code, err } = await running.exited;
    expect(code).toBe(130);
    expect(err).toContain('replay orders interrupted: orders__rebuild dropped, orders unchanged');
    expect(await rows(ordersReadModel)).toEqual(before);
    expect(await tableExists('orders__rebuild')).toBe(false);
  });
});
