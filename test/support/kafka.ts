/** Kafka helpers for integration tests: a quiet client, connected clients per describe block, reading a whole topic, waiting. */
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { readPartitionsToEnd, type ConsumedRecord } from '../../platform/kafka';
import { createCodec, type AnyDecodedRecord } from '../../schemas';
import { testBrokers } from './env';
import { uniqueName } from './names';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export const codec = createCodec();

export function testKafka(clientId = 'eventline-test'): Kafka {
  return new Kafka({ brokers: testBrokers(), clientId, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 10 } });
}

export interface KafkaTestClients {
  readonly admin: Admin;
  /** Idempotent. */
  readonly producer: Producer;
}

/**
 * An admin and a producer connected before the tests of the describe block that calls this,
 * and disconnected after them — after `beforeDisconnect`, for cleanup that still needs them.
 */
export function connectedKafkaClients(kafka: Kafka, beforeDisconnect: () => Promise<unknown> = async () => undefined): KafkaTestClients {
  let clients: KafkaTestClients | undefined;
  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    clients = { admin, producer };
  });
  afterAll(async () => {
    await beforeDisconnect();
    await clients?.producer.disconnect();
    await clients?.admin.disconnect();
  });
  const connected = (): KafkaTestClients => {
    if (!clients) throw new Error('Kafka clients are connected in beforeAll: use them inside hooks and tests');
    return clients;
  };
  return {
    get admin() {
      return connected().admin;
    },
    get producer() {
      return connected().producer;
    },
  };
}

export interface TopicRecord {
  partition: number;
  offset: number;
  key: string | undefined;
  message: ConsumedRecord;
}

/** Every committed record of `topic` as of now, in partition then offset order. */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => p.partition);
    const records: TopicRecord[] = [];
    await readPartitionsToEnd(kafka, admin, topic, partitions, (message, partition) => {
      records.push({ partition, offset: Number(message.offset), key: message.key?.toString(), message });
    }, { groupIdPrefix: uniqueName('test-read') });
    return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  } finally {
    await admin.disconnect();
  }
}

/** The decoded values of every record in `topic`. */
export async function readDecoded(kafka: Kafka, topic: string): Promise<(TopicRecord & { decoded: AnyDecodedRecord })[]> {
  return (await readTopic(kafka, topic)).map((record) => ({ ...record, decoded: codec.decode(record.message.value as Buffer) }));
}

/**
 * Polls `probe` until it returns a value. A probe that throws (e.g. a read that cannot finish
 * while a killed producer's transaction is still open) counts as "not yet"; its last error is
 * reported if the deadline passes.
 */
/** `what` names what is awaited in the timeout error; a function is asked at the timeout, so it can say how far things got. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string | (() => string), intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
