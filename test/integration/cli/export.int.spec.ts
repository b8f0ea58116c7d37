/**
 * `eventline export` against a real broker, read back by the analyst's tools: DuckDB (Python)
 * for Parquet and NDJSON, fastavro for Avro. Row counts and money per subject and currency
 * must equal what was produced on the topic, records of an aborted transaction left out; the
 * Parquet columns are typed (timestamps, integers, `data` a struct), not strings.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Producer } from 'kafkajs';
import { EXIT_OK, EXIT_USAGE } from '../../../cli/main';
import { OrderStory, salesScenario } from '../../support/analytics-events';
import { orderEventMessage } from '../../support/analytics-kafka';
import { codec, testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { interopPython } from '../../support/python-env';
import { cliEnv, eventline } from './support';

// The first run may make the interop virtualenv (pip).
jest.setTimeout(300_000);

const SCRIPT = path.resolve(__dirname, '..', '..', 'interop', 'read_export.py');
const run = promisify(execFile);

interface Sum {
  subject: string;
  currency: string | null;
  records: number;
  amountCents: number | null;
  refundCents: number | null;
}

interface ReadBack {
  rows: number;
  types: Record<string, string>;
  sums: Sum[];
}

const bySubjectAndCurrency = (a: Sum, b: Sum) => `${a.subject}/${a.currency}`.localeCompare(`${b.subject}/${b.currency}`);

describe('eventline export', () => {
  const kafka = testKafka();
  const prefix = `${uniqueName('cli-export')}.`;
  const topic = `${prefix}orders.events`;
  const env = cliEnv(prefix);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eventline-export-'));
  const { events } = salesScenario(uniqueName('order'));
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    producer = kafka.producer({ transactionalId: uniqueName('export-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const committed = await producer.transaction();
    // One OrderShipped as its v1 wrote it: exported in the latest shape.
    const oldShipped = events.findIndex((event) => event.type === 'OrderShipped');
    await committed.send({ topic, messages: events.map((event, index) => orderEventMessage(codec, event, index === oldShipped ? 1 : undefined)) });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: new OrderStory(uniqueName('ghost'), 'store-a').placed('2024-03-01T09:00:00Z', 100).paid('2024-03-01T09:01:00Z').events.map((event) => orderEventMessage(codec, event)) });
    await aborted.abort();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the topic holds, summed per subject and currency as the readers sum it. */
  function expectedSums(): Sum[] {
    const sums = new Map<string, Sum>();
    for (const event of events) {
      const subject = `eventline.orders.${event.type}`;
      const data = event.data as { currency?: string; amountCents?: number; refundCents?: number };
      const currency = data.currency ?? null;
      const sum = sums.get(`${subject}/${currency}`) ?? { subject, currency, records: 0, amountCents: null, refundCents: null };
      sum.records += 1;
      if (data.amountCents !== undefined) sum.amountCents = (sum.amountCents ?? 0) + data.amountCents;
      if (data.refundCents !== undefined) sum.refundCents = (sum.refundCents ?? 0) + data.refundCents;
      sums.set(`${subject}/${currency}`, sum);
    }
    return [...sums.values()].sort(bySubjectAndCurrency);
  }

  async function readBack(format: string, file: string): Promise<ReadBack> {
    const { stdout } = await run(await interopPython(), [SCRIPT, '--format', format, file], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    const result = JSON.parse(stdout) as ReadBack;
    return { ...result, sums: result.sums.map((sum) => ({ ...sum, amountCents: sum.amountCents === null ? null : Number(sum.amountCents), refundCents: sum.refundCents === null ? null : Number(sum.refundCents) })).sort(bySubjectAndCurrency) };
  }

  it.each(['parquet', 'ndjson', 'avro'])('writes every committed record as %s, with the counts and sums of the topic', async (format) => {
    const out = path.join(dir, `orders.${format}`);
    const result = await eventline(env, 'export', 'orders.events', '--format', format, '--out', out);
    expect({ code: result.code, err: result.err }).toEqual({ code: EXIT_OK, err: expect.stringContaining(`exported ${events.length} records of ${topic} to ${out} (${format})`) });
    const read = await readBack(format, out);
    expect(read.rows).toBe(events.length);
    expect(read.sums).toEqual(expectedSums());
    if (format === 'parquet') {
      expect(read.types).toMatchObject({
        kafka_partition: 'INTEGER',
        kafka_offset: 'BIGINT',
        kafka_timestamp: 'TIMESTAMP',
        aggregateId: 'VARCHAR',
        version: 'BIGINT',
        occurredAt: 'TIMESTAMP',
      });
      // `data` is one struct of every field the topic's records have, each typed.
      expect(read.types.data).toMatch(/^STRUCT\(/);
      for (const field of ['amountCents BIGINT', 'refundCents BIGINT', 'currency VARCHAR', 'items STRUCT(sku VARCHAR, qty BIGINT, priceCents BIGINT)[]']) expect(read.types.data).toContain(field);
    }
  });

  it('exports only [--from, --to), and refuses a topic of no records or an unknown format', async () => {
    const all = path.join(dir, 'all.ndjson');
    expect((await eventline(env, 'export', 'orders.events', '--format', 'ndjson', '--out', all)).code).toBe(EXIT_OK);
    const first = path.join(dir, 'first.ndjson');
    expect((await eventline(env, 'export', 'orders.events', '--format', 'ndjson', '--out', first, '--from', '0', '--to', '1')).code).toBe(EXIT_OK);
    const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kafka_partition: number; kafka_offset: number });
    // The committed transaction came first: offset 0 of every partition that has records is one of them.
    const partitions = [...new Set(rows(all).map((row) => row.kafka_partition))].sort();
    expect(rows(first).map((row) => [row.kafka_partition, row.kafka_offset]).sort()).toEqual(partitions.map((partition) => [partition, 0]));

    const refused = await eventline(env, 'export', 'nowhere.state', '--format', 'ndjson', '--out', path.join(dir, 'x.ndjson'));
    expect(refused.code).not.toBe(EXIT_OK);
    expect(existsSync(path.join(dir, 'x.ndjson'))).toBe(false);
    const usage = await eventline(env, 'export', 'orders.events', '--format', 'csv', '--out', path.join(dir, 'x.csv'));
    expect(usage.code).toBe(EXIT_USAGE);
  });
});
