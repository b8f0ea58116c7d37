/** The launched broker works for what Eventline needs: topics, groups, transactions, read_committed. */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { testBrokers } from '../../support/env';
import { uniqueName } from '../../support/names';

describe('local Kafka broker', () => {
  const kafka = new Kafka({ brokers: testBrokers(), clientId: 'infra-test', logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50 } });
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('delivers a produced record to a consumer group', async () => {
    const topic = uniqueName('infra-plain');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('infra-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') });
    });
    await consumer.disconnect();
    expect(received).toBe('hello');
  });

  it('commits a transaction atomically and hides an aborted one from read_committed consumers', async () => {
    const topic = uniqueName('infra-txn');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer({ transactionalId: uniqueName('infra-txn-producer'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ value: 'one' }, { value: 'two' }] });
    await committed.commit();
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('infra-txn-group'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (values.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(values).toEqual(['one', 'two']);
  });
});
