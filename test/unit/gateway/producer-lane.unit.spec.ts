import type { Message, ProducerBatch, RecordMetadata } from 'kafkajs';
import pino from 'pino';
import { Histogram, Registry } from 'prom-client';
import { BadRequestError, UnavailableError } from '../../../platform/errors';
import { CommandPublisher, ProducerLane, type LaneOptions, type PlacedRecord, type RecordPosition } from '../../../gateway/ingress';

/** A producer whose sendBatch calls the test settles by hand; offsets per partition count up from 0. */
class FakeProducer {
  readonly batches: { batch: ProducerBatch; resolve: (metadata: RecordMetadata[]) => void; reject: (error: Error) => void }[] = [];
  readonly written: { topic: string; message: Message }[] = [];
  private readonly next = new Map<string, number>();
  disconnected = false;

  sendBatch = (batch: ProducerBatch): Promise<RecordMetadata[]> =>
    new Promise((resolve, reject) => {
      this.batches.push({ batch, resolve, reject });
    });

  disconnect = async (): Promise<void> => {
    this.disconnected = true;
  };

  /** Writes batch `index` like a broker and answers with its base offsets. */
  ack(index = this.batches.length - 1): void {
    const { batch, resolve } = this.batches[index]!;
    const metadata: RecordMetadata[] = [];
    for (const { topic, messages } of batch.topicMessages ?? []) {
      const byPartition = new Map<number, Message[]>();
      for (const message of messages) byPartition.set(message.partition!, [...(byPartition.get(message.partition!) ?? []), message]);
      for (const [partition, list] of byPartition) {
        const key = `${topic}/${partition}`;
        const base = this.next.get(key) ?? 0;
        this.next.set(key, base + list.length);
        metadata.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base) });
        for (const message of list) this.written.push({ topic, message });
      }
    }
    resolve(metadata);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const headers = { 'eventline-type': 'PlaceOrder' };
const OPTIONS: LaneOptions = { maxBatchRecords: 3, maxBatchBytes: 1000, maxQueuedRecords: 5, commandTimeoutMs: 200 };

function setup(options: Partial<LaneOptions> = {}) {
  const producer = new FakeProducer();
  const metrics = { produceBatchSize: new Histogram({ name: 'batch', help: 'batch', registers: [new Registry()] }) };
  const lane = new ProducerLane(producer, { ...OPTIONS, ...options }, metrics, pino({ level: 'silent' }));
  // Partition = first character of the key, so tests choose partitions.
  const publish = (key: string, topic = 't') => {
    const value = Buffer.from(`v-${key}`);
    const partition = Number(key[0]);
    return lane.publish({ topic, partition, message: { key, value, partition, headers }, bytes: key.length + value.length });
  };
  return { producer, lane, publish };
}

describe('ProducerLane', () => {
  it('sends what one tick collected as one batch and acks each record with its own offset', async () => {
    const { producer, publish } = setup();
    const acks = [publish('0a'), publish('1a'), publish('0b', 'u')];
    await tick();
    expect(producer.batches).toHaveLength(1);
    expect(producer.batches[0]!.batch.acks).toBe(-1);
    expect(producer.batches[0]!.batch.topicMessages!.map(({ topic, messages }) => [topic, messages.map((m) => m.key)])).toEqual([
      ['t', ['0a', '1a']],
      ['u', ['0b']],
    ]);
    producer.ack();
    await expect(Promise.all(acks)).resolves.toEqual<RecordPosition[]>([
      { partition: 0, offset: '0' },
      { partition: 1, offset: '0' },
      { partition: 0, offset: '0' },
    ]);
  });

  it('keeps one flush in flight; what arrives meanwhile is the next batch, in order', async () => {
    const { producer, publish } = setup({ maxBatchRecords: 100 });
    const first = publish('0k');
    await tick();
    const later = [publish('0k'), publish('1x'), publish('0k')];
    await tick();
    expect(producer.batches).toHaveLength(1);
    producer.ack(0);
    await first;
    await tick();
    expect(producer.batches).toHaveLength(2);
    producer.ack(1);
    await expect(Promise.all(later)).resolves.toEqual([
      { partition: 0, offset: '1' },
      { partition: 1, offset: '0' },
      { partition: 0, offset: '2' },
    ]);
    expect(producer.written.filter(({ message }) => message.key === '0k').map(({ message }) => String(message.value))).toEqual(['v-0k', 'v-0k', 'v-0k']);
  });

  it('splits the queue by record count and by bytes', async () => {
    const { producer, publish } = setup({ maxBatchBytes: 30, maxQueuedRecords: 100 });
    // each record: key 2 bytes + value 4 bytes = 6 bytes; 30 bytes = 5 records, but at most 3 records per batch
    const acks = Array.from({ length: 4 }, (_, i) => publish(`0${i}`));
    await tick();
    expect(producer.batches[0]!.batch.topicMessages![0]!.messages).toHaveLength(3);
    producer.ack(0);
    await tick();
    expect(producer.batches[1]!.batch.topicMessages![0]!.messages).toHaveLength(1);
    producer.ack(1);
    await expect(Promise.all(acks)).resolves.toHaveLength(4);

    const bytes = setup({ maxBatchBytes: 13 });
    const byBytes = [bytes.publish('0a'), bytes.publish('0b'), bytes.publish('0c')];
    await tick();
    expect(bytes.producer.batches[0]!.batch.topicMessages![0]!.messages).toHaveLength(2);
    bytes.producer.ack(0);
    await tick();
    bytes.producer.ack(1);
    await expect(Promise.all(byBytes)).resolves.toHaveLength(3);
  });

  it('refuses beyond the queue bound', async () => {
    const { producer, publish } = setup();
    const queued = Array.from({ length: 5 }, (_, i) => publish(`0${i}`));
    await expect(publish('0x')).rejects.toBeInstanceOf(UnavailableError);
    await tick();
    producer.ack(0);
    await tick();
    producer.ack(1);
    await expect(Promise.all(queued)).resolves.toHaveLength(5);
  });

  it('answers UNAVAILABLE for every record of a failed batch, then carries on', async () => {
    const { producer, publish } = setup();
    const failed = [publish('0a'), publish('1b')];
    await tick();
    producer.batches[0]!.reject(new Error('broker says no'));
    for (const ack of failed) await expect(ack).rejects.toBeInstanceOf(UnavailableError);
    const next = publish('0c');
    await tick();
    producer.ack(1);
    await expect(next).resolves.toEqual({ partition: 0, offset: '0' });
  });

  it('answers a stalled flush and the queue UNAVAILABLE, refuses new records until it ends', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { producer, publish } = setup();
      const inFlight = publish('0a');
      await tick();
      const queued = publish('0b');
      jest.advanceTimersByTime(OPTIONS.commandTimeoutMs);
      await expect(inFlight).rejects.toThrow(/did not acknowledge the command within 200 ms/);
      await expect(queued).rejects.toBeInstanceOf(UnavailableError);
      await expect(publish('0c')).rejects.toThrow(/has not acknowledged writes/);
      producer.ack(0); // kafkajs finally got through
      await tick();
      const after = publish('0d');
      await tick();
      producer.ack(1);
      await expect(after).resolves.toEqual({ partition: 0, offset: '1' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers a command queued behind a failing flush within its own timeout, counted from when it was queued', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { producer, publish } = setup();
      const first = publish('0a');
      await tick();
      jest.advanceTimersByTime(150);
      let answered = false;
      const behind = publish('0b').finally(() => (answered = true));
      behind.catch(() => undefined);
      jest.advanceTimersByTime(30);
      producer.batches[0]!.reject(new Error('broker unreachable'));
      await expect(first).rejects.toBeInstanceOf(UnavailableError);
      await tick();
      expect(producer.batches).toHaveLength(2); // the queued command is now in flight
      jest.advanceTimersByTime(169);
      await tick();
      expect(answered).toBe(false);
      jest.advanceTimersByTime(1);
      await expect(behind).rejects.toThrow(/within 200 ms/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('acknowledges a command normally when Kafka answers in time, and lets nothing expire after', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { producer, publish } = setup();
      const ack = publish('0a');
      await tick();
      jest.advanceTimersByTime(199);
      producer.ack(0);
      await expect(ack).resolves.toEqual({ partition: 0, offset: '0' });
      jest.advanceTimersByTime(1_000);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('on close writes everything queued, then disconnects, and refuses new records', async () => {
    const { producer, publish, lane } = setup();
    const acks = [publish('0a'), publish('0b'), publish('0c'), publish('0d')];
    await tick();
    const closed = lane.close();
    expect(lane.close()).toBe(closed);
    await expect(publish('0e')).rejects.toThrow(/shutting down/);
    producer.ack(0);
    await tick();
    expect(producer.disconnected).toBe(false);
    producer.ack(1);
    await closed;
    expect(producer.disconnected).toBe(true);
    await expect(Promise.all(acks)).resolves.toHaveLength(4);
  });
});

describe('CommandPublisher', () => {
  class RecordingLane {
    readonly records: PlacedRecord[] = [];
    closed = false;
    publish = async (record: PlacedRecord): Promise<RecordPosition> => {
      this.records.push(record);
      return { partition: record.partition, offset: '0' };
    };
    close = async (): Promise<void> => {
      this.closed = true;
    };
  }

  it('sends every record of a partition through the same lane, so one key keeps its order', async () => {
    const lanes = [new RecordingLane(), new RecordingLane()];
    const publisher = new CommandPublisher(lanes, (_topic, key) => Number(key[0]), 100);
    for (const key of ['0a', '1a', '2a', '3a', '0b', '1b']) await publisher.publish({ topic: 't', key, value: Buffer.from('v'), headers });
    expect(lanes[0]!.records.map((record) => [record.partition, record.message.key])).toEqual([[0, '0a'], [2, '2a'], [0, '0b']]);
    expect(lanes[1]!.records.map((record) => [record.partition, record.message.key])).toEqual([[1, '1a'], [3, '3a'], [1, '1b']]);
    expect(lanes[0]!.records[0]).toMatchObject({ topic: 't', bytes: 3, message: { partition: 0, headers } });
    await publisher.close();
    expect(lanes.every((lane) => lane.closed)).toBe(true);
  });

  it('refuses a record larger than a batch may be', async () => {
    const publisher = new CommandPublisher([new RecordingLane()], () => 0, 100);
    await expect(publisher.publish({ topic: 't', key: 'k', value: Buffer.alloc(100), headers })).rejects.toBeInstanceOf(BadRequestError);
  });
});
