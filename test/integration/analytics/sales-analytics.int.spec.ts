/**
 * The analytics consumer against a real broker and PostgreSQL: a known orders event
 * sequence gives exactly the expected revenue and funnel rows; an aborted transaction is
 * never counted; an undecodable record is dead-lettered; and after a restart whose consumer
 * group was reset to the beginning (every record redelivered) nothing is counted twice.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { createOrm, migrate, type Orm } from '../../../platform/db';
import { DEAD_LETTER_HEADERS, ensureTopics, TopicNames } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { entities } from '../../../read-models/entities';
import { migrations } from '../../../read-models/migrations';
import { SalesAnalytics } from '../../../services/analytics';
import { eventlineTopicSpecs } from '../../../services/topology';
import { OrderStory, salesScenario, sortRows, type FunnelRow, type RevenueRow } from '../../support/analytics-events';
import { orderEventMessage } from '../../support/analytics-kafka';
import { testDatabaseUrl } from '../../support/env';
import { codec, readTopic, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(120_000);

const logger = createLogger('test', 'silent');

async function createDatabase(admin: Client, name: string): Promise<string> {
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function tables(db: Client): Promise<{ revenue: RevenueRow[]; funnel: FunnelRow[] }> {
  const revenue = await db.query<RevenueRow & { hour: Date }>(`
    SELECT store_id AS "storeId", currency, hour, gross_cents::int AS "grossCents", refunded_cents::int AS "refundedCents",
           net_cents::int AS "netCents", payments, refunds
    FROM analytics_store_revenue_hourly`);
  const funnel = await db.query<FunnelRow>(`
    SELECT store_id AS "storeId", day::text AS day, placed, paid, shipped, cancelled FROM analytics_store_funnel_daily`);
  return {
    revenue: sortRows(revenue.rows.map((row) => ({ ...row, hour: row.hour.toISOString() })), (row) => `${row.hour}/${row.currency}`),
    funnel: sortRows(funnel.rows, (row) => row.day),
  };
}

/** eventline_analytics_records_total by result label. */
async function recordsByResult(metrics: Registry): Promise<Record<string, number>> {
  const metric = (await metrics.getMetricsAsJSON()).find((candidate) => candidate.name === 'eventline_analytics_records_total');
  return Object.fromEntries((metric?.values ?? []).map((value) => [String(value.labels.result), value.value]));
}

describe('analytics consumer', () => {
  const kafka: Kafka = testKafka();
  const topics = new TopicNames(`${uniqueName('an')}.`);
  const eventsTopic = topics.domain('orders', 'events');
  const appId = uniqueName('analytics');
  const database = uniqueName('analytics').replace(/-/g, '_');
  const pgAdmin = new Client({ connectionString: testDatabaseUrl() });
  let db: Client;
  let orm: Orm;
  let admin: Admin;
  let producer: Producer;
  let transactional: Producer;
  const started: SalesAnalytics[] = [];

  const startAnalytics = async (metrics = new Registry()): Promise<SalesAnalytics> => {
    const analytics = new SalesAnalytics({ kafka, topics, codec, orm, logger, metrics, appId, onFatal: (error) => logger.error({ err: error }, 'analytics stopped') });
    started.push(analytics);
    await analytics.start();
    return analytics;
  };
  const untilTablesEqual = (expected: { revenue: RevenueRow[]; funnel: FunnelRow[] }): Promise<unknown> =>
    waitFor(async () => (JSON.stringify(await tables(db)) === JSON.stringify(expected) ? true : undefined), 60_000, 'analytics tables to reach the expected rows');
  const expectedOf = (scenario: { revenue: RevenueRow[]; funnel: FunnelRow[] }): { revenue: RevenueRow[]; funnel: FunnelRow[] } => ({
    revenue: sortRows(scenario.revenue, (row) => `${row.hour}/${row.currency}`),
    funnel: sortRows(scenario.funnel, (row) => row.day),
  });

  beforeAll(async () => {
    await pgAdmin.connect();
    const url = await createDatabase(pgAdmin, database);
    orm = await createOrm({ databaseUrl: url, entities, migrations, logger });
    await migrate(orm);
    db = new Client({ connectionString: url });
    await db.connect();
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, eventlineTopicSpecs(topics, 3), 1, logger);
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    transactional = kafka.producer({ transactionalId: uniqueName('analytics-test-tx'), idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
  });
  afterAll(async () => {
    // A failed assertion leaves consumers running; stop() is safe on stopped ones too.
    await Promise.all(started.map((analytics) => analytics.stop()));
    await Promise.all([producer?.disconnect(), transactional?.disconnect(), admin?.disconnect(), db?.end(), orm?.close()]);
    await pgAdmin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await pgAdmin.end();
  });

  it('counts a known sequence exactly once, across a restart that redelivers everything', async () => {
    const scenario = salesScenario(uniqueName('order'));
    // Committed like the command handler's output; then an aborted transaction and a corrupt record.
    const committed = await transactional.transaction();
    await committed.send({ topic: eventsTopic, messages: scenario.events.map((event) => orderEventMessage(codec, event)) });
    await committed.commit();
    const aborted = await transactional.transaction();
    const ghost = new OrderStory(uniqueName('ghost'), 'store-aborted').placed('2024-03-01T09:00:00Z', 100).paid('2024-03-01T09:01:00Z');
    await aborted.send({ topic: eventsTopic, messages: ghost.events.map((event) => orderEventMessage(codec, event)) });
    await aborted.abort();
    await producer.send({ topic: eventsTopic, acks: -1, messages: [{ key: 'corrupt', value: Buffer.from('not an Avro record') }] });

    const first = await startAnalytics();
    await untilTablesEqual(expectedOf(scenario));
    const deadLetters = await waitFor(async () => {
      const records = await readTopic(kafka, topics.domain('orders', 'deadletters'));
      return records.length > 0 ? records : undefined;
    }, 30_000, 'the corrupt record in orders.deadletters');
    expect(deadLetters).toHaveLength(1);
    const headers = deadLetters[0]!.message.headers!;
    expect(String(headers[DEAD_LETTER_HEADERS.code])).toBe('SCHEMA_DECODE_FAILED');
    expect(String(headers[DEAD_LETTER_HEADERS.consumer])).toBe(`${appId}-analytics`);
    expect(String(headers[DEAD_LETTER_HEADERS.sourceTopic])).toBe(eventsTopic);
    expect(deadLetters[0]!.message.value!.toString()).toBe('not an Avro record');
    await first.stop();

    // The group forgets everything: every record comes again, and the checkpoint must skip it all.
    await admin.resetOffsets({ groupId: `${appId}-analytics`, topic: eventsTopic, earliest: true });
    const metrics = new Registry();
    const second = await startAnalytics(metrics);
    const seen = await waitFor(async () => {
      const byResult = await recordsByResult(metrics);
      const total = Object.values(byResult).reduce((sum, count) => sum + count, 0);
      return total === scenario.events.length + 1 ? byResult : undefined;
    }, 60_000, 'the restarted consumer to see every record again');
    expect(seen).toEqual({ counted: 0, dead_lettered: 0, duplicate: scenario.events.length + 1 });
    expect(await tables(db)).toEqual(expectedOf(scenario));
    expect(await readTopic(kafka, topics.domain('orders', 'deadletters'))).toHaveLength(1);

    // New events after the restart are counted, once.
    const late = new OrderStory(uniqueName('late'), 'store-a').placed('2024-03-01T09:45:00Z', 250).paid('2024-03-01T09:50:00Z');
    await producer.send({ topic: eventsTopic, acks: -1, messages: late.events.map((event) => orderEventMessage(codec, event)) });
    const withLate = expectedOf(scenario);
    const hour9 = withLate.revenue.find((row) => row.storeId === 'store-a' && row.currency === 'EUR' && row.hour === '2024-03-01T09:00:00.000Z')!;
    Object.assign(hour9, { grossCents: hour9.grossCents + 250, netCents: hour9.netCents + 250, payments: hour9.payments + 1 });
    const day1 = withLate.funnel.find((row) => row.storeId === 'store-a' && row.day === '2024-03-01')!;
    Object.assign(day1, { placed: day1.placed + 1, paid: day1.paid + 1 });
    await untilTablesEqual(withLate);
    await second.stop();
  });
});
