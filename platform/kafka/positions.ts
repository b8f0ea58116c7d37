/**
 * Positions in a topic (the CLI's --from / --to / --until, a replay's end) as offsets, partition
 * by partition: an offset is
 * clamped into what the partition holds, a timestamp becomes the first offset whose record
 * timestamp is at or after it (admin.fetchTopicOffsetsByTimestamp; the end offset when no
 * record is that recent).
 */
import type { KafkaAdmin } from './interfaces';

/** Where to start or stop reading a partition. */
export type Position =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'timestamp'; readonly ms: number };

/** What a partition holds now: offsets [low, high). */
export interface PartitionExtent {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

export async function partitionExtents(admin: KafkaAdmin, topic: string): Promise<PartitionExtent[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map(({ partition, low, high }) => ({ partition, low: BigInt(low), high: BigInt(high) }))
    .sort((a, b) => a.partition - b.partition);
}

/** The offset of `position` in each partition, by partition number. */
export async function resolvePosition(admin: KafkaAdmin, topic: string, extents: readonly PartitionExtent[], position: Position): Promise<Map<number, bigint>> {
  const byTimestamp =
    position.kind === 'timestamp'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, position.ms)).map(({ partition, offset }) => [partition, BigInt(offset)]))
      : undefined;
  return new Map(extents.map((extent) => [extent.partition, offsetIn(extent, position, byTimestamp?.get(extent.partition))]));
}

/** `position` as an offset within `extent`; `timestampOffset` is the broker's answer for a timestamp. */
export function offsetIn(extent: PartitionExtent, position: Position, timestampOffset: bigint | undefined): bigint {
  const clamp = (offset: bigint): bigint => (offset < extent.low ? extent.low : offset > extent.high ? extent.high : offset);
  switch (position.kind) {
    case 'earliest':
      return extent.low;
    case 'latest':
      return extent.high;
    case 'offset':
      return clamp(position.offset);
    case 'timestamp':
      return clamp(timestampOffset ?? extent.high);
  }
}
