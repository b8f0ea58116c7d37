/**
 * Which offsets a read covers, from the options operators give: partitions, a start and an
 * end position, and whether to stop at the end the topic has now or keep following it.
 */
import type { KafkaAdmin } from '../platform/kafka';
import { NotFoundError } from '../platform/errors';
import type { Position } from './arguments';
import { partitionExtents, resolvePosition, type OffsetRange, type PartitionExtent } from '../platform/kafka';

export interface RangeSelection {
  /** Undefined: every partition. */
  readonly partitions?: readonly number[];
  readonly from: Position;
  /** Exclusive end; undefined: the end of the topic (or no end when following). */
  readonly to?: Position;
  /** Keep reading past the current end of the topic until stopped. */
  readonly follow: boolean;
}

export interface PlannedRead {
  readonly extents: readonly PartitionExtent[];
  readonly ranges: readonly OffsetRange[];
}

export async function planRead(admin: KafkaAdmin, topic: string, selection: RangeSelection): Promise<PlannedRead> {
  const extents = await partitionExtents(admin, topic);
  const chosen = selectPartitions(topic, extents, selection.partitions);
  const from = await resolvePosition(admin, topic, chosen, selection.from);
  const to = selection.to === undefined ? undefined : await resolvePosition(admin, topic, chosen, selection.to);
  return { extents, ranges: chosen.map((extent) => rangeOf(extent, selection, from.get(extent.partition) ?? extent.low, to?.get(extent.partition))) };
}

/** Extents of the chosen partitions; NotFoundError naming the partitions the topic has. */
export function selectPartitions(topic: string, extents: readonly PartitionExtent[], partitions: readonly number[] | undefined): PartitionExtent[] {
  if (partitions === undefined) return [...extents];
  const missing = partitions.filter((partition) => !extents.some((extent) => extent.partition === partition));
  if (missing.length > 0) {
    throw new NotFoundError(`topic ${topic} has no partition ${missing.join(', ')} (it has ${extents.length}: 0..${extents.length - 1})`, { context: { topic, missing } });
  }
  return extents.filter((extent) => partitions.includes(extent.partition));
}

/**
 * The range of one partition. `resolvedTo` is `selection.to` as an offset now; when following,
 * an end that lies beyond what the partition holds yet is kept as an offset to wait for, or
 * for a timestamp as the cut-off the reader applies to records as they arrive.
 */
export function rangeOf(extent: PartitionExtent, selection: RangeSelection, from: bigint, resolvedTo: bigint | undefined): OffsetRange {
  const { to, follow } = selection;
  const base = { partition: extent.partition, from };
  if (to === undefined) return { ...base, to: follow ? undefined : extent.high };
  if (!follow) return { ...base, to: resolvedTo ?? extent.high };
  switch (to.kind) {
    case 'offset':
      return { ...base, to: to.offset };
    case 'timestamp':
      return resolvedTo !== undefined && resolvedTo < extent.high ? { ...base, to: resolvedTo } : { ...base, to: undefined, untilTimestamp: to.ms };
    default:
      return { ...base, to: resolvedTo };
  }
}
