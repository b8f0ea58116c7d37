/**
 * The handler's position in a commands partition: the offset of the first command not yet
 * decided. It is written in every transaction as a `HandlerPosition` record on the same
 * partition of `<domain>.snapshots`, under the empty key (command schemas require a
 * non-empty aggregate id, so no aggregate can have it; compaction keeps the latest), and
 * read back with the snapshots when a partition is acquired.
 *
 * Keeping it there rather than committing consumer-group offsets in the transaction spares
 * each transaction two broker requests (AddOffsetsToTxn, TxnOffsetCommit) and the offsets
 * partition's marker, and it is exact: restored under the new owner's fence together with
 * the state it belongs to, where a group offset fetched at join time can predate a commit
 * the previous owner made a moment later (kafkajs cannot ask for stable offsets). The group
 * offsets are still committed, after the transactions and at intervals, for lag tools.
 */
import type { ProducedRecord } from '../../platform/kafka';
import type { Codec } from '../../schemas';
import type { eventline } from '../../schemas/generated';

export const POSITION_KEY = '';
const POSITION_SUBJECT = 'eventline.HandlerPosition';

export function positionMessage(codec: Codec, commandsTopic: string, partition: number, nextOffset: bigint): ProducedRecord {
  const record: eventline.HandlerPosition = { commandsTopic, partition, nextOffset: Number(nextOffset) };
  return { key: POSITION_KEY, partition, value: codec.encode(POSITION_SUBJECT, record) };
}

/** The position a snapshots record holds, or undefined when it is an aggregate's snapshot. */
export function positionOf(codec: Codec, key: string, value: Buffer): bigint | undefined {
  if (key !== POSITION_KEY) return undefined;
  const decoded = codec.decode(value);
  return decoded.subject === POSITION_SUBJECT ? BigInt(decoded.value.nextOffset) : undefined;
}

/** What to do with a fetched batch of commands, given the owner's position. */
export type BatchStart =
  /** Decide the batch's commands from this offset on (the ones before it are decided already). */
  | { readonly kind: 'decide'; readonly from: bigint }
  /** The position lies outside the batch: move the consumer there and drop the batch. */
  | { readonly kind: 'seek'; readonly to: bigint }
  /** The consumer was moved to the position and still fetches elsewhere: the log no longer holds it. */
  | { readonly kind: 'position-gone'; readonly from: bigint };

/**
 * The consumer starts from the group's committed offset, which trails the position (it is
 * committed after the transactions, at intervals) or is missing (fromBeginning): commands
 * before the position are skipped, and a position beyond the batch is sought rather than
 * fetched through. Before the batch, it means commands the group skipped were never decided:
 * the consumer goes back for them. Only once (`sought`): if the next batch is still not where
 * the position is, the log no longer holds it (commands deleted by retention, or the topic
 * recreated) and deciding resumes with what the log has.
 */
export function batchStart(position: bigint | undefined, firstOffset: bigint, lastOffset: bigint, sought: boolean): BatchStart {
  if (position === undefined) return { kind: 'decide', from: firstOffset };
  if (position >= firstOffset && position <= lastOffset + 1n) return { kind: 'decide', from: position };
  return sought ? { kind: 'position-gone', from: firstOffset } : { kind: 'seek', to: position };
}
