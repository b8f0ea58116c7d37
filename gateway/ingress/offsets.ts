/**
 * Which offset each record of one `sendBatch` got. The produce response carries one base
 * offset per topic-partition; Kafka appends a partition's records of one request as one
 * batch, in the order they were given, so the i-th record sent to a partition sits at
 * baseOffset + i.
 */
import type { ProducedOffsets } from '../../platform/kafka';
import { InternalError } from '../../platform/errors';

export interface Placement {
  readonly topic: string;
  readonly partition: number;
}

/** Offsets (decimal strings, as Kafka's int64 may pass 2^53) in the order of `placements`. */
export function assignOffsets(placements: readonly Placement[], metadata: readonly ProducedOffsets[]): string[] {
  const next = new Map<string, bigint[]>();
  for (const { topicName, partition, baseOffset } of metadata) {
    if (baseOffset === undefined) throw new InternalError(`produce response for ${topicName}/${partition} has no base offset`);
    let partitions = next.get(topicName);
    if (!partitions) next.set(topicName, (partitions = []));
    partitions[partition] = BigInt(baseOffset);
  }
  return placements.map(({ topic, partition }) => {
    const partitions = next.get(topic);
    const offset = partitions?.[partition];
    if (partitions === undefined || offset === undefined) throw new InternalError(`produce response has no offset for ${topic}/${partition}`);
    partitions[partition] = offset + 1n;
    return offset.toString();
  });
}
