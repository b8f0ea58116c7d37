/**
 * Interoperability: a client written by nobody on this project — Python, librdkafka
 * (confluent-kafka) and fastavro, with only the files in schemas/ — reads `orders.events` and
 * decodes every committed record to exactly the values the TypeScript side produced, at the
 * same partitions and offsets, including an older schema version resolved to the latest and
 * without the records of an aborted transaction.
 *
 * The Python side runs in a virtualenv with the pinned packages of test/interop/requirements.txt,
 * made on first use (test/support/python-env.ts): a skipped interop test would prove nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Producer } from 'kafkajs';
import { ensureTopics, TopicNames } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { topicUnionSchema } from '../../../schemas/registry';
import { eventlineTopicSpecs, eventsTopicUnions } from '../../../services/topology';
import { OrderStory, salesScenario } from '../../support/analytics-events';
import { orderEventMessage } from '../../support/analytics-kafka';
import { testBrokers } from '../../support/env';
import { codec, readDecoded, testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { interopPython } from '../../support/python-env';

// The first run also makes the virtualenv (pip install from the package index).
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'test', 'interop', 'decode_orders_events.py');
const run = promisify(execFile);

interface InteropRecord {
  partition: number;
  offset: number;
  key: string | null;
  headers: Record<string, string | null>;
  schemaId: number;
  subject: string;
  writerVersion: number;
  value: unknown;
  cloudEvent: Record<string, unknown>;
  topicReader: unknown;
}

/** JSON-ready with Dates as epoch milliseconds: how the Python side prints timestamp-millis. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

describe('Python (confluent-kafka + fastavro) reads what TypeScript wrote', () => {
  const kafka = testKafka();
  const topics = new TopicNames(`${uniqueName('interop')}.`);
  const eventsTopic = topics.domain('orders', 'events');
  const logger = createLogger('test', 'silent');
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, eventlineTopicSpecs(topics, 3), 1, logger);
    producer = kafka.producer({ transactionalId: uniqueName('interop-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
  });

  it('decodes every committed orders event to the produced values', async () => {
    const python = await interopPython();
    const { events } = salesScenario(uniqueName('order'));
    // One OrderShipped written with v1 (before trackingNumber existed): both sides read it as v2 with null.
    const oldShipped = events.findIndex((event) => event.type === 'OrderShipped');
    const messages = events.map((event, index) => orderEventMessage(codec, event, index === oldShipped ? 1 : undefined));
    const committed = await producer.transaction();
    await committed.send({ topic: eventsTopic, messages });
    await committed.commit();
    const aborted = await producer.transaction();
    const ghost = new OrderStory(uniqueName('ghost'), 'store-aborted').placed('2024-03-01T09:00:00Z', 100);
    await aborted.send({ topic: eventsTopic, messages: ghost.events.map((event) => orderEventMessage(codec, event)) });
    await aborted.abort();

    // The topic's one schema, as registry mode registers it under `<topic>-value` (what SQL engines read with).
    const union = topicUnionSchema(codec.catalog, eventsTopicUnions(topics).find(({ topic }) => topic === eventsTopic)!.subjects);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'interop-union-'));
    const unionFile = path.join(dir, 'orders-events-value.avsc');
    writeFileSync(unionFile, JSON.stringify(union));
    const { stdout } = await run(python, [SCRIPT, '--brokers', testBrokers().join(','), '--topic', eventsTopic, '--reader-schema', unionFile, '--timeout', '60'], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 90_000,
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
    const { cloudEvents, topicReaders, decoded } = splitCloudEvents(JSON.parse(stdout) as InteropRecord[]);

    // Read with the topic's union, every record resolves to the branch of its own record: the values of its latest version
    // (the v1 OrderShipped included, with trackingNumber null).
    expect(topicReaders).toEqual(decoded.map(({ value }) => value));

    // Same records, same coordinates, same values as the TypeScript reader (kafkajs + codec)…
    const typescript = (await readDecoded(kafka, eventsTopic)).map(({ partition, offset, key, message, decoded }) => ({
      partition,
      offset,
      key: key ?? null,
      headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, value === undefined ? null : String(value)])),
      schemaId: decoded.schemaId,
      subject: decoded.subject,
      writerVersion: decoded.version,
      value: plain(decoded.value),
    }));
    expect(decoded).toEqual(typescript);

    // …and those values are what was produced: nothing more (the aborted order), nothing less.
    const produced = events.map((event, index) => {
      const { type, ...record } = event;
      const value = index === oldShipped ? { ...record, data: { ...record.data, trackingNumber: null } } : record;
      const version = index === oldShipped ? 1 : codec.catalog.latest(`eventline.orders.${type}`).version;
      const schemaId = codec.catalog.version(`eventline.orders.${type}`, version).id;
      return { key: event.aggregateId, type, schemaId, writerVersion: version, value: plain(value) };
    });
    const decodedByPython = decoded.map((record) => ({
      key: record.key,
      type: record.headers['eventline-type'],
      schemaId: record.schemaId,
      writerVersion: record.writerVersion,
      value: record.value,
    }));
    // Broker order is per partition only; (order id, version) identifies an event.
    const position = (record: { key: string | null; value: unknown }): string => `${record.key}/${String((record.value as { version: number }).version).padStart(6, '0')}`;
    const order = (x: { key: string | null; value: unknown }, y: { key: string | null; value: unknown }): number => position(x).localeCompare(position(y));
    expect(decodedByPython.sort(order)).toEqual(produced.sort(order));
    expect(decodedByPython.find((record) => record.writerVersion === 1 && record.type === 'OrderShipped')).toBeDefined();

    // The CloudEvents SDK reads every record as a valid CloudEvent (binary mode), with the attributes
    // docs/topics.md promises: an id per (order, version), the type naming the domain, the event's time.
    expect(cloudEvents).toEqual(
      decoded.map(({ key, headers, value }) => {
        const event = value as { version: number; occurredAt: number };
        const type = `eventline.orders.${headers['eventline-type']}`;
        return {
          specversion: '1.0',
          id: `${key}/${event.version}`,
          source: '/eventline/orders/events',
          type,
          time: event.occurredAt,
          subject: key,
          datacontenttype: 'application/vnd.apache.avro+binary',
          partitionkey: key,
        };
      }),
    );
    expect(new Set(cloudEvents.map((attributes) => attributes.id)).size).toBe(events.length);
  });
});

/** The CloudEvents attributes and the union reading Python made, apart from the rest of each record. */
function splitCloudEvents(records: InteropRecord[]): {
  cloudEvents: Record<string, unknown>[];
  topicReaders: InteropRecord['topicReader'][];
  decoded: Omit<InteropRecord, 'cloudEvent' | 'topicReader'>[];
} {
  return {
    cloudEvents: records.map((record) => record.cloudEvent),
    topicReaders: records.map((record) => record.topicReader),
    decoded: records.map(({ cloudEvent: _cloudEvent, topicReader: _topicReader, ...rest }) => rest),
  };
}
