/** Reading the records a selection covers, one by one, for the commands that print or pick records. */
import type { KafkaSession } from './kafka-session';
import { planRead, type RangeSelection } from './ranges';
import { readRanges, type ConsumedRecord, type PartitionExtent } from '../platform/kafka';

/** Everything the topic holds now. */
export const WHOLE_TOPIC: RangeSelection = { from: { kind: 'earliest' }, follow: false };

export interface ReadRecordsOptions {
  /** Names the throwaway consumer group, for whoever lists groups meanwhile. */
  readonly purpose: string;
  /** Stops reading (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * Calls `onRecord` for every selected record, per partition in offset order; returning false
 * stops the read. Resolves to the topic's partitions as they were when the read was planned.
 */
export async function readRecords(
  session: KafkaSession,
  topic: string,
  selection: RangeSelection,
  options: ReadRecordsOptions,
  onRecord: (partition: number, message: ConsumedRecord) => boolean | void,
): Promise<readonly PartitionExtent[]> {
  const { extents, ranges } = await planRead(session.admin, topic, selection);
  const stop = new AbortController();
  await readRanges(
    session.kafka,
    topic,
    ranges,
    (partition, messages) => {
      for (const message of messages) {
        if (stop.signal.aborted) return;
        if (onRecord(partition, message) === false) stop.abort();
      }
    },
    {
      groupId: session.throwawayGroupId(options.purpose),
      partitions: extents.map((extent) => extent.partition),
      signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
      // Following waits for new records; a bounded read wants the end quickly.
      maxWaitTimeInMs: selection.follow ? 500 : 100,
    },
  );
  return extents;
}
