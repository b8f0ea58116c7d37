/**
 * The partition a key goes to, computed before sending: the gateway needs each record's
 * partition to read its offset back from the produce response (offsets.ts) and to pick its
 * producer lane. It is Kafka's default for keyed records — murmur2 of the key's UTF-8
 * bytes, made positive, modulo the partition count — which kafkajs's default partitioner
 * and Java clients also use, so a key lands on the same partition number everywhere (a
 * unit test checks it against kafkajs's partitioner). Written with Math.imul rather than
 * kafkajs's 64-bit Long emulation, which allocates several objects per byte group on the
 * gateway's hottest path.
 *
 * Partition counts are read once at start-up: Eventline's co-partitioned topics must not
 * change their count while running (aggregates would move between partitions).
 */
import { InternalError } from '../../platform/errors';

export type KeyPartitioner = (topic: string, key: string) => number;

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit int. */
export function murmur2(data: Buffer): number {
  const length = data.length;
  let h = SEED ^ length;
  const tail = length & ~3;
  for (let i = 0; i < tail; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= (data[tail + 2] as number) << 16;
    if (rest >= 2) h ^= (data[tail + 1] as number) << 8;
    h ^= data[tail] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

export function createKeyPartitioner(partitionCounts: ReadonlyMap<string, number>): KeyPartitioner {
  return (topic, key) => {
    const count = partitionCounts.get(topic);
    if (count === undefined) throw new InternalError(`no partition count for topic ${topic}`);
    return (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % count;
  };
}
