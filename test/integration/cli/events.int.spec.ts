/**
 * `eventline events` and `topics` against a real broker: key, partition, offset and time filters
 * return exactly the matching records; undecodable records are shown, not fatal; failures name
 * what was wrong.
 */
import type { Admin, Producer } from 'kafkajs';
import { EXIT_FAILURE, EXIT_OK } from '../../../cli/main';
import { codec, testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { cliEnv, eventline, jsonLines, waitForMember } from './support';

jest.setTimeout(120_000);

interface Printed {
  partition: number;
  offset: string;
  timestamp: string;
  key: string;
  schema?: { subject: string; version: number };
  value?: { aggregateId: string; version: number };
  error?: { code: string; message: string };
}

const BASE = Date.UTC(2025, 0, 1, 12);
const MINUTE = 60_000;
const KEYS = ['order-a', 'order-b', 'order-c', 'order-d'];

/** What was produced: 3 partitions × 20 records, one per minute, keys cycling; partition 1 offset 5 is not Avro. */
interface Produced {
  partition: number;
  offset: number;
  key: string;
  timestamp: number;
}

describe('eventline events', () => {
  const kafka = testKafka();
  const prefix = `${uniqueName('cli-events')}.`;
  const topic = `${prefix}orders.events`;
  const env = cliEnv(prefix);
  const produced: Produced[] = [];
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    producer = kafka.producer();
    await producer.connect();
    for (let partition = 0; partition < 3; partition += 1) {
      const messages = Array.from({ length: 20 }, (_, index) => {
        const key = KEYS[(index + partition) % KEYS.length]!;
        const timestamp = BASE + (index * 3 + partition) * MINUTE;
        produced.push({ partition, offset: index, key, timestamp });
        const value =
          partition === 1 && index === 5
            ? Buffer.from('not avro')
            : codec.encode('eventline.orders.OrderPaid', {
                aggregateId: key,
                version: index + 1,
                commandId: `c-${partition}-${index}`,
                userId: 'alice',
                occurredAt: new Date(timestamp),
                data: { storeId: 'store-1', amountCents: 100, currency: 'EUR' },
              });
        return { key, value, timestamp: String(timestamp) };
      });
      await producer.send({ topic, acks: -1, messages: messages.map((message) => ({ ...message, partition })) });
    }
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  const coordinates = (records: readonly { partition: number; offset: string | number }[]): string[] =>
    records.map((record) => `${record.partition}:${record.offset}`).sort();

  it('dumps every record, decoded, with the topic given without its prefix', async () => {
    const { code, out } = await eventline(env, 'events', 'dump', 'orders.events');
    expect(code).toBe(EXIT_OK);
    const records = jsonLines<Printed>(out);
    expect(coordinates(records)).toEqual(coordinates(produced));
    const first = records.find((record) => record.partition === 0 && record.offset === '0')!;
    expect(first).toMatchObject({ key: 'order-a', timestamp: new Date(BASE).toISOString(), schema: { subject: 'eventline.orders.OrderPaid', version: 1 } });
    expect(first.value).toMatchObject({ aggregateId: 'order-a', version: 1, occurredAt: new Date(BASE).toISOString() });
  });

  it('prints an undecodable record with an error and goes on', async () => {
    const records = jsonLines<Printed>((await eventline(env, 'events', 'dump', topic, '--partition', '1')).out);
    expect(records).toHaveLength(20);
    expect(records.find((record) => record.offset === '5')).toMatchObject({ error: { code: 'SCHEMA_DECODE_FAILED' } });
    expect(records.filter((record) => record.error !== undefined)).toHaveLength(1);
  });

  it('returns exactly the records of a key', async () => {
    const { code, out } = await eventline(env, 'events', 'dump', topic, '--key', 'order-b');
    expect(code).toBe(EXIT_OK);
    expect(coordinates(jsonLines<Printed>(out))).toEqual(coordinates(produced.filter((record) => record.key === 'order-b')));
  });

  it('returns exactly the records in [--from, --to) by timestamp, combined with a key', async () => {
    const from = BASE + 10 * MINUTE;
    const to = BASE + 40 * MINUTE;
    const inWindow = produced.filter((record) => record.timestamp >= from && record.timestamp < to);
    const { out } = await eventline(env, 'events', 'dump', topic, '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString());
    expect(coordinates(jsonLines<Printed>(out))).toEqual(coordinates(inWindow));
    const keyed = await eventline(env, 'events', 'dump', topic, '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString(), '--key', 'order-c');
    expect(coordinates(jsonLines<Printed>(keyed.out))).toEqual(coordinates(inWindow.filter((record) => record.key === 'order-c')));
  });

  it('reads offset ranges of chosen partitions, up to --limit records', async () => {
    const ranged = await eventline(env, 'events', 'dump', topic, '--partition', '0,2', '--from', '3', '--to', '6');
    expect(coordinates(jsonLines<Printed>(ranged.out))).toEqual(['0:3', '0:4', '0:5', '2:3', '2:4', '2:5']);
    const limited = await eventline(env, 'events', 'dump', topic, '--partition', '2', '--from', '10', '--limit', '4');
    expect(coordinates(jsonLines<Printed>(limited.out))).toEqual(['2:10', '2:11', '2:12', '2:13']);
  });

  it('shows the wire bytes with --raw', async () => {
    const [record] = jsonLines<Printed & { encoding: string; value: string }>((await eventline(env, 'events', 'dump', topic, '--partition', '0', '--limit', '1', '--raw')).out);
    expect(record).toMatchObject({ encoding: 'hex' });
    expect(record!.value.startsWith('00000000')).toBe(true);
  });

  it('tails new records until --limit', async () => {
    const tail = eventline(env, 'events', 'tail', topic, '--partition', '0', '--limit', '2');
    // The tail starts at the end: records produced once it is reading are the ones it prints.
    await waitForMember(admin, '-cli-events-tail-');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await producer.send({ topic, acks: -1, messages: ['x', 'y', 'z'].map((key) => ({ key, partition: 0, value: Buffer.from([0]) })) });
    const { code, out } = await tail;
    expect(code).toBe(EXIT_OK);
    expect(jsonLines<Printed>(out).map((record) => record.key)).toEqual(['x', 'y']);
  });

  it('lists and describes topics', async () => {
    const listed = await eventline(env, '--json', 'topics');
    expect(JSON.parse(listed.out)).toEqual([{ topic, partitions: 3 }]);
    const described = JSON.parse((await eventline(env, '--json', 'topics', 'describe', 'orders.events')).out);
    expect(described.topic).toBe(topic);
    expect(described.partitions.map((p: { partition: number; low: string }) => [p.partition, p.low])).toEqual([
      [0, '0'],
      [1, '0'],
      [2, '0'],
    ]);
    expect(described.partitions[1].high).toBe('20');
  });

  it('fails with one line naming an unknown topic or an unreachable broker', async () => {
    const unknown = await eventline(env, 'events', 'dump', 'nope.events');
    expect(unknown).toMatchObject({ code: EXIT_FAILURE, err: `eventline: unknown topic "${prefix}nope.events" or "nope.events"\n` });
    const unreachable = await eventline(env, '--brokers', '127.0.0.1:1', 'events', 'dump', topic);
    expect(unreachable.code).toBe(EXIT_FAILURE);
    expect(unreachable.err).toMatch(/^eventline: cannot reach Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });
});
