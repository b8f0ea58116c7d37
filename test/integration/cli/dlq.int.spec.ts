/** `eventline dlq list|replay` round trip: dead letters as a consumer writes them, listed, then put back on their source. */
import type { Admin, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { EXIT_OK, EXIT_USAGE } from '../../../cli/main';
import { DecodeError } from '../../../platform/errors';
import { deadLetter, readPartitionsToEnd } from '../../../platform/kafka';
import { readTopic, testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { cliEnv, eventline, jsonLines } from './support';

jest.setTimeout(120_000);

describe('eventline dlq', () => {
  const kafka = testKafka();
  const prefix = `${uniqueName('cli-dlq')}.`;
  const source = `${prefix}orders.commands`;
  const dlq = `${prefix}orders.deadletters`;
  const env = cliEnv(prefix);
  let admin: Admin;
  let producer: Producer;

  /** The records that failed: partition 1 offsets 0..2 of the source topic. */
  const failed = ['one', 'two', 'three'].map((text, offset) => ({
    topic: source,
    partition: 1,
    message: { key: Buffer.from(`order-${text}`), value: Buffer.from(`{"bad":"${text}"}`), offset: String(offset), timestamp: '0', attributes: 0, headers: { trace: Buffer.from(`t-${text}`) } } as KafkaMessage,
  }));

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: source, numPartitions: 2 }, { topic: dlq, numPartitions: 2 }] });
    producer = kafka.producer();
    await producer.connect();
    const letters = failed.map((record) => deadLetter(record, new DecodeError(`cannot decode ${record.message.key}`), 'eventline-command-handler'));
    await producer.send({ topic: dlq, acks: -1, messages: letters.map((letter) => ({ ...letter, partition: 0 })) });
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  it('lists every dead letter with its error, code and source coordinates', async () => {
    const { code, out } = await eventline(env, '--json', 'dlq', 'list', 'orders.deadletters');
    expect(code).toBe(EXIT_OK);
    expect(jsonLines(out)).toEqual(
      failed.map((record, index) => ({
        partition: 0,
        offset: String(index),
        timestamp: expect.any(String),
        failedAt: expect.any(String),
        key: record.message.key?.toString(),
        error: `cannot decode ${record.message.key}`,
        code: 'SCHEMA_DECODE_FAILED',
        consumer: 'eventline-command-handler',
        source: { topic: source, partition: 1, offset: String(index) },
      })),
    );
    const text = await eventline(env, 'dlq', 'list', dlq);
    expect(text.out).toContain(`0:1  `);
    expect(text.out).toContain(`${source}[1]@1`);
  });

  it('replays chosen dead letters to their source partition with their original bytes and headers, after a dry run that sends nothing', async () => {
    const dry = await eventline(env, 'dlq', 'replay', dlq, '--offset', '0:2', '--dry-run');
    expect(dry.code).toBe(EXIT_OK);
    expect(dry.out).toContain('would replay 1 dead letter(s)');
    expect(await readTopic(kafka, source)).toEqual([]);

    const replayed = await eventline(env, '--json', 'dlq', 'replay', dlq, '--offset', '0:2,0:0');
    expect(replayed.code).toBe(EXIT_OK);
    expect(JSON.parse(replayed.out).replayed).toEqual([
      { deadLetter: '0:2', topic: source, partition: 1, key: 'order-three', offset: '0' },
      { deadLetter: '0:0', topic: source, partition: 1, key: 'order-one', offset: '1' },
    ]);
    const back = await readTopic(kafka, source);
    expect(back.map(({ partition, key, message }) => ({ partition, key, value: message.value?.toString(), headers: headerText(message.headers) }))).toEqual([
      { partition: 1, key: 'order-three', value: '{"bad":"three"}', headers: { trace: 't-three' } },
      { partition: 1, key: 'order-one', value: '{"bad":"one"}', headers: { trace: 't-one' } },
    ]);
  });

  it('replays --all, and refuses an offset that is ambiguous or missing', async () => {
    expect((await eventline(env, 'dlq', 'replay', dlq, '--offset', '1')).code).toBe(EXIT_USAGE);
    const missing = await eventline(env, 'dlq', 'replay', dlq, '--offset', '1:0');
    expect(missing.err).toBe(`eventline: ${dlq} has no record at 1:0\n`);
    const all = await eventline(env, 'dlq', 'replay', dlq, '--all');
    expect(all.out).toContain('replayed 3 dead letter(s)');
    let count = 0;
    await readPartitionsToEnd(kafka, admin, source, [0, 1], () => (count += 1), { groupIdPrefix: uniqueName('count') });
    expect(count).toBe(5);
  });
});

function headerText(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
