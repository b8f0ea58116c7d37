import { Partitioners, type RecordMetadata } from 'kafkajs';
import { InternalError } from '../../../platform/errors';
import { assignOffsets, createKeyPartitioner, murmur2 } from '../../../gateway/ingress';

function meta(topicName: string, partition: number, baseOffset: string): RecordMetadata {
  return { topicName, partition, errorCode: 0, baseOffset };
}

describe('assignOffsets', () => {
  it('gives the records of a partition consecutive offsets from its base, in the order sent', () => {
    const placements = [
      { topic: 'orders.commands', partition: 1 },
      { topic: 'orders.commands', partition: 0 },
      { topic: 'chat.commands', partition: 1 },
      { topic: 'orders.commands', partition: 1 },
      { topic: 'orders.commands', partition: 1 },
      { topic: 'orders.commands', partition: 0 },
    ];
    const metadata = [meta('orders.commands', 0, '7'), meta('orders.commands', 1, '40'), meta('chat.commands', 1, '0')];
    expect(assignOffsets(placements, metadata)).toEqual(['40', '7', '0', '41', '42', '8']);
  });

  it('keeps offsets past 2^53 exact', () => {
    const placements = [{ topic: 't', partition: 0 }, { topic: 't', partition: 0 }];
    expect(assignOffsets(placements, [meta('t', 0, '9007199254740993')])).toEqual(['9007199254740993', '9007199254740994']);
  });

  it('fails loudly when the response lacks a partition that was written', () => {
    expect(() => assignOffsets([{ topic: 't', partition: 2 }], [meta('t', 0, '1')])).toThrow(InternalError);
    expect(() => assignOffsets([{ topic: 't', partition: 0 }], [{ topicName: 't', partition: 0 }])).toThrow(InternalError);
  });
});

describe('createKeyPartitioner', () => {
  const kafkajs = Partitioners.DefaultPartitioner();
  const metadata = (count: number) => Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
  // Every tail length (0..3 bytes past a 4-byte group), multi-byte UTF-8, and long keys.
  const keys = ['', 'a', 'ab', 'abc', 'abcd', 'order-1', 'order-22', 'room-π', '店-7', '🙂', 'x'.repeat(100), ...Array.from({ length: 200 }, (_, i) => `key-${i * 7919}`)];

  it.each([1, 3, 4, 12, 100])('picks the partition kafkajs itself picks, with %i partitions', (count) => {
    const partitioner = createKeyPartitioner(new Map([['t', count]]));
    for (const key of keys) {
      expect(partitioner('t', key)).toBe(kafkajs({ topic: 't', partitionMetadata: metadata(count), message: { key, value: null } }));
    }
  });

  it('is Kafka\'s murmur2: known hashes of the Java client', () => {
    // Values from org.apache.kafka.common.utils.UtilsTest#testMurmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it('refuses a topic it has no partition count for', () => {
    expect(() => createKeyPartitioner(new Map())('t', 'k')).toThrow(InternalError);
  });
});
