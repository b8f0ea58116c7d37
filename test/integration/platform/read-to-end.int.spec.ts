/**
 * readPartitionsToEnd (what a command handler restores a partition with) against real
 * transactions: it finishes when what it reads last holds only aborted records — what a new
 * owner meets when the previous one crashed in its first transaction and was fenced; kafkajs
 * hands such a fetch to no `eachBatch` — and it stops at the end it found when it started.
 */
import type { Admin, Producer } from 'kafkajs';
import { readPartitionsToEnd } from '../../../platform/kafka';
import { testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(60_000);

describe('readPartitionsToEnd', () => {
  const kafka = testKafka();
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ transactionalId: uniqueName('read-to-end-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  async function newTopic(): Promise<string> {
    const topic = uniqueName('read-to-end');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    return topic;
  }

  /**
   * Writes `values` to partition 0 in one transaction and ends it; resolves once its marker is
   * written (after commit()/abort() return), so a read started next aims at the end including it.
   */
  async function writeTransaction(topic: string, values: readonly string[], end: 'commit' | 'abort'): Promise<void> {
    const endBefore = Number((await admin.fetchTopicOffsets(topic))[0]?.high ?? 0);
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: values.map((value) => ({ value })) });
    await transaction[end]();
    const endAfter = String(endBefore + values.length + 1);
    await waitFor(async () => ((await admin.fetchTopicOffsets(topic))[0]?.high === endAfter ? true : undefined), 20_000, `the ${end} marker`);
  }

  async function readToEnd(topic: string): Promise<{ count: number; read: string[] }> {
    const read: string[] = [];
    const count = await readPartitionsToEnd(kafka, admin, topic, [0], (message) => read.push(String(message.value)), {
      groupIdPrefix: uniqueName('read-to-end'),
      timeoutMs: 20_000,
    });
    return { count, read };
  }

  it('ends at a partition whose only records were aborted (a first transaction fenced by the next owner)', async () => {
    const topic = await newTopic();
    await writeTransaction(topic, ['ghost-1', 'ghost-2'], 'abort');

    const { count, read } = await readToEnd(topic);

    expect(count).toBe(0);
    expect(read).toEqual([]);
  });

  it('reads committed records and stops at the end it found, whatever comes later', async () => {
    const topic = await newTopic();
    await writeTransaction(topic, ['a', 'b'], 'commit');
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ value: 'later' }] });

    const { count, read } = await readToEnd(topic);
    await open.abort();

    expect(count).toBe(2);
    expect(read).toEqual(['a', 'b']);
  });
});
