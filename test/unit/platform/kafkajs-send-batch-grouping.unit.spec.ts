/**
 * patches/kafkajs+2.2.4.patch: kafkajs's producer groups a sendBatch's messages per topic and
 * then per partition by appending, where it copied the growing array for every entry and every
 * message (n²/2 element copies: a quarter of the command handler's busy time with thousands of
 * records per transaction). These tests drive the installed producer modules against a
 * scripted cluster: the produce request must carry every message once, in order, on its
 * partition; and the grouping must not re-iterate the arrays it builds, which the unpatched
 * spreads (`[...current, message]`) walk once per message. Its default partitioner no longer
 * filters the partition list for every message, only for the round robin that uses it.
 */

interface ScriptedMessage {
  key: string;
  value: string;
  partition: number;
}
interface ProducedTopic {
  topic: string;
  partitions: { partition: number; messages: ScriptedMessage[] }[];
}
type SendBatch = (request: { acks: number; topicMessages: { topic: string; messages: ScriptedMessage[] }[] }) => Promise<unknown[]>;

// kafkajs ships no types for its internals.
/* eslint-disable @typescript-eslint/no-require-imports */
const createMessageProducer = require('kafkajs/src/producer/messageProducer') as (options: object) => { sendBatch: SendBatch };
const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

const PARTITIONS = 3;

/** One broker leading every partition of every topic; it records the topic data of each produce request. */
function scriptedProducer(): { sendBatch: SendBatch; produced: ProducedTopic[][] } {
  const produced: ProducedTopic[][] = [];
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 1 }));
  const broker = {
    nodeId: 1,
    produce: async ({ topicData }: { topicData: ProducedTopic[] }) => {
      produced.push(topicData);
      return { topics: topicData.map(({ topic, partitions }) => ({ topicName: topic, partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })) })) };
    },
  };
  const cluster = {
    refreshMetadataIfNecessary: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    findTopicPartitionMetadata: () => partitionMetadata,
    findLeaderForPartitions: (_topic: string, partitions: string[]) => ({ 1: partitions.map(Number) }),
    findBroker: async () => broker,
    isConnected: () => true,
  };
  const eosManager = {
    isTransactional: () => false,
    acquireBrokerLock: async () => undefined,
    releaseBrokerLock: async () => undefined,
    getSequence: () => 0,
    updateSequence: () => undefined,
    getProducerId: () => -1,
    getProducerEpoch: () => 0,
  };
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const { sendBatch } = createMessageProducer({
    logger,
    cluster,
    partitioner: ({ message }: { message: ScriptedMessage }) => message.partition,
    eosManager,
    idempotent: false,
    retrier: createRetry({ retries: 0 }),
    getConnectionStatus: () => 'connected',
  });
  return { sendBatch, produced };
}

/** How many elements `run` walks through array iterators (for…of, spreads): appending walks none. */
async function iteratedElements(run: () => Promise<unknown>): Promise<number> {
  const iterate = Array.prototype[Symbol.iterator];
  let steps = 0;
  Array.prototype[Symbol.iterator] = function (this: unknown[]) {
    const iterator = iterate.call(this);
    return {
      next: () => {
        steps += 1;
        return iterator.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    } as ArrayIterator<unknown>;
  };
  try {
    await run();
  } finally {
    Array.prototype[Symbol.iterator] = iterate;
  }
  return steps;
}

const message = (topic: string, index: number): ScriptedMessage => ({ key: `${topic}-${index}`, value: `value-${index}`, partition: index % PARTITIONS });

describe('kafkajs sendBatch grouping (patched)', () => {
  it('produces every message once, in order, on its partition, with one entry per topic', async () => {
    const { sendBatch, produced } = scriptedProducer();
    const first = Array.from({ length: 50 }, (_, index) => message('a', index));
    const second = Array.from({ length: 30 }, (_, index) => message('b', index));
    const third = Array.from({ length: 20 }, (_, index) => message('a', 50 + index));
    await sendBatch({ acks: -1, topicMessages: [{ topic: 'a', messages: first }, { topic: 'b', messages: second }, { topic: 'a', messages: third }] });

    expect(produced).toHaveLength(1);
    const request = produced[0]!;
    expect(request.map(({ topic }) => topic)).toEqual(['a', 'b']);
    for (const { topic, partitions } of request) {
      const sent = topic === 'a' ? [...first, ...third] : second;
      for (const { partition, messages } of partitions) {
        expect(messages).toEqual(sent.filter((candidate) => candidate.partition === partition));
      }
      expect(partitions.reduce((sum, { messages }) => sum + messages.length, 0)).toBe(sent.length);
    }
    // The caller's arrays are left as they were.
    expect(first).toHaveLength(50);
  });

  it('does not copy the arrays it is building for every entry or message', async () => {
    const { sendBatch } = scriptedProducer();
    const size = 600;
    const oneEntry = [{ topic: 'a', messages: Array.from({ length: size }, (_, index) => message('a', index)) }];
    const entryPerMessage = Array.from({ length: size }, (_, index) => ({ topic: 'b', messages: [message('b', index)] }));

    // Unpatched, each message spreads its partition's array so far, and each entry of a topic
    // the topic's merged array so far: size²/2 steps. Appending is linear.
    expect(await iteratedElements(() => sendBatch({ acks: -1, topicMessages: oneEntry }))).toBeLessThan(10 * size);
    expect(await iteratedElements(() => sendBatch({ acks: -1, topicMessages: entryPerMessage }))).toBeLessThan(10 * size);
  });
});

describe('kafkajs default partitioner (patched)', () => {
  // kafkajs ships no types for its internals.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const createPartitioner = require('kafkajs/src/producer/partitioners/default') as () => (args: { topic: string; partitionMetadata: { partitionId: number; leader: number }[]; message: object }) => number;
  const partitionMetadata = [
    { partitionId: 0, leader: 1 },
    { partitionId: 1, leader: -1 },
    { partitionId: 2, leader: 1 },
  ];

  it('keeps a chosen partition, hashes a key, and goes round the partitions that have a leader', () => {
    const partitioner = createPartitioner();
    expect(partitioner({ topic: 't', partitionMetadata, message: { partition: 1, key: 'k' } })).toBe(1);
    const keyed = partitioner({ topic: 't', partitionMetadata, message: { key: 'order-1' } });
    expect(partitioner({ topic: 't', partitionMetadata, message: { key: 'order-1' } })).toBe(keyed);
    const unkeyed = new Set(Array.from({ length: 10 }, () => partitioner({ topic: 't', partitionMetadata, message: {} })));
    expect([...unkeyed].sort()).toEqual([0, 2]);
  });

  it('does not filter the partitions for a message that names its partition or has a key', () => {
    const partitioner = createPartitioner();
    const filter = jest.spyOn(partitionMetadata, 'filter');
    partitioner({ topic: 't', partitionMetadata, message: { partition: 2 } });
    partitioner({ topic: 't', partitionMetadata, message: { key: 'order-1' } });
    expect(filter).not.toHaveBeenCalled();
    filter.mockRestore();
  });
});
