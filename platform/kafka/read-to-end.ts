/**
 * Reads chosen partitions of a topic from their beginning up to the end offsets they have
 * now (read_committed), then stops: how a command handler restores a partition's aggregates.
 * A range read (range-reader.ts) in a throwaway group, from each partition's log start to its
 * high watermark at the start; the reader detects the end by offset, transaction markers and
 * aborted tails included.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaAdmin, KafkaClient } from './interfaces';
import type { ConsumedRecord } from './records';
import { UnavailableError } from '../errors';
import { readRanges } from './range-reader';

export interface ReadToEndOptions {
  /** Prefix of the throwaway group id (it never commits offsets). */
  groupIdPrefix: string;
  timeoutMs?: number;
}

/** Returns how many records were read. */
export async function readPartitionsToEnd(
  kafka: KafkaClient,
  admin: KafkaAdmin,
  topic: string,
  partitions: readonly number[],
  onMessage: (message: ConsumedRecord, partition: number) => void,
  options: ReadToEndOptions,
): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const ranges = offsets
    .filter(({ partition }) => partitions.includes(partition))
    .map(({ partition, low, high }) => ({ partition, from: BigInt(low), to: BigInt(high) }));
  const timeoutMs = options.timeoutMs ?? 120_000;
  let count = 0;
  const unfinished = await readRanges(
    kafka,
    topic,
    ranges,
    (partition, messages) => {
      for (const message of messages) onMessage(message, partition);
      count += messages.length;
    },
    {
      groupId: `${options.groupIdPrefix}-${randomUUID()}`,
      partitions: offsets.map(({ partition }) => partition),
      maxWaitTimeInMs: 50,
      signal: AbortSignal.timeout(timeoutMs),
    },
  );
  if (unfinished.length > 0) throw new UnavailableError(`reading ${topic} partitions ${unfinished.join(',')} did not finish within ${timeoutMs} ms`);
  return count;
}
