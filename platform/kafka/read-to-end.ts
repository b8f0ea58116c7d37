/**
 * Reads chosen partitions of a topic from their beginning up to the end offsets they have
 * now (read_committed), then stops. kafkajs has no `assign()`, so a throwaway consumer group
 * with an assigner that hands exactly those partitions to its only member does it. The end is
 * detected by offset (the last offset of each fetched batch, transaction markers included),
 * never by waiting for a record at high-1: compaction and markers leave gaps. kafkajs does not
 * call `eachBatch` for a batch whose records were all filtered out (an aborted transaction and
 * its marker, often the tail of a partition right after a crashed producer was fenced), so the
 * offsets come from its END_BATCH_PROCESS event, which it emits for those batches too.
 */
import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Admin, type Kafka, type KafkaMessage, type PartitionAssigner } from 'kafkajs';
import { UnavailableError } from '../errors';

export interface ReadToEndOptions {
  /** Prefix of the throwaway group id (it never commits offsets). */
  groupIdPrefix: string;
  timeoutMs?: number;
}

function fixedAssigner(topic: string, partitions: readonly number[]): PartitionAssigner {
  return () => ({
    name: 'EventlineFixedAssigner',
    version: 1,
    async assign({ members }) {
      return members.map((member, index) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: index === 0 ? { [topic]: [...partitions] } : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return { name: 'EventlineFixedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

/** Returns how many records were read. */
export async function readPartitionsToEnd(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  partitions: readonly number[],
  onMessage: (message: KafkaMessage, partition: number) => void,
  options: ReadToEndOptions,
): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const remaining = new Map<number, bigint>();
  for (const { partition, high, low } of offsets) {
    if (partitions.includes(partition) && BigInt(high) > BigInt(low)) remaining.set(partition, BigInt(high) - 1n);
  }
  if (remaining.size === 0) return 0;

  const consumer = kafka.consumer({
    groupId: `${options.groupIdPrefix}-${randomUUID()}`,
    partitionAssigners: [fixedAssigner(topic, [...remaining.keys()])],
    readUncommitted: false,
    maxWaitTimeInMs: 50,
    retry: { retries: 3 },
  });
  let count = 0;
  const timeoutMs = options.timeoutMs ?? 120_000;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new UnavailableError(`reading ${topic} partitions ${[...remaining.keys()].join(',')} did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        clearTimeout(timer);
        reject(new UnavailableError(`reading ${topic} failed: ${payload.error.message}`, { cause: payload.error }));
      });
      // Emitted after eachBatch has delivered the batch's records.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const last = remaining.get(payload.partition);
        if (last === undefined || BigInt(payload.lastOffset) < last) return;
        remaining.delete(payload.partition);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const last = remaining.get(batch.partition);
            if (last === undefined) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) > last) break;
              onMessage(message, batch.partition);
              count += 1;
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return count;
}
