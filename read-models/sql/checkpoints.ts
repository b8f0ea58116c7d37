/**
 * `projection_checkpoints`: per (projection, topic, partition) the last offset applied, written
 * in the same transaction as the rows, so it is the single source of "applied up to offset".
 * `pending_view_keys` lists the view keys whose change is committed but maybe not yet
 * published to `views.<view>` (docs/read-models.md).
 */
import type { Statement } from './statement';

/** `last_offset` of a checkpoint that has applied nothing yet. */
export const NOTHING_APPLIED = -1;

export interface Checkpoint {
  readonly projection: string;
  readonly partition: number;
  readonly lastOffset: number;
  readonly pendingViewKeys: readonly string[];
}

/**
 * The checkpoints of one partition, created when missing and locked until the transaction
 * ends. Every batch starts here, so two consumers that both believe they own the partition (a
 * rebalance in flight) take turns, and the second sees what the first committed.
 * The no-op DO UPDATE is what locks an existing row and returns it.
 */
export function lockCheckpoints(projections: readonly string[], topic: string, partition: number): Statement {
  return {
    text: `INSERT INTO projection_checkpoints (projection, topic, partition, last_offset)
      SELECT projection, $2, $3, ${NOTHING_APPLIED} FROM unnest($1::text[]) AS projection ORDER BY projection
      ON CONFLICT (projection, topic, partition) DO UPDATE SET last_offset = projection_checkpoints.last_offset
      RETURNING projection, partition, last_offset, pending_view_keys`,
    values: [[...projections], topic, partition],
  };
}

/** The checkpoints of some partitions, without locking (where to start consuming). */
export function readCheckpoints(projections: readonly string[], topic: string, partitions: readonly number[]): Statement {
  return {
    text: `SELECT projection, partition, last_offset, pending_view_keys FROM projection_checkpoints
      WHERE topic = $1 AND partition = ANY($2::integer[]) AND projection = ANY($3::text[])`,
    values: [topic, [...partitions], [...projections]],
  };
}

export function writeCheckpoint(topic: string, checkpoint: Checkpoint): Statement {
  return {
    text: `UPDATE projection_checkpoints SET last_offset = $4, pending_view_keys = $5::text[], updated_at = now()
      WHERE projection = $1 AND topic = $2 AND partition = $3`,
    values: [checkpoint.projection, topic, checkpoint.partition, checkpoint.lastOffset, [...checkpoint.pendingViewKeys]],
  };
}

/** Forgets the pending view keys that were just published, and only those. */
export function clearPendingViewKeys(projection: string, topic: string, partition: number, published: readonly string[]): Statement {
  return {
    text: `UPDATE projection_checkpoints
      SET pending_view_keys = ARRAY(SELECT unnest(pending_view_keys) EXCEPT SELECT unnest($4::text[]))
      WHERE projection = $1 AND topic = $2 AND partition = $3`,
    values: [projection, topic, partition, [...published]],
  };
}

export function decodeCheckpoint(record: Readonly<Record<string, unknown>>): Checkpoint {
  return {
    projection: record.projection as string,
    partition: record.partition as number,
    lastOffset: Number(record.last_offset),
    pendingViewKeys: record.pending_view_keys as string[],
  };
}

/**
 * Every checkpoint of some topics, without locking: how far each read model got in each
 * partition (the gateway's read-your-writes waits poll it).
 */
export function checkpointsOfTopics(topics: readonly string[]): Statement {
  return {
    text: 'SELECT projection, topic, partition, last_offset FROM projection_checkpoints WHERE topic = ANY($1::text[])',
    values: [[...topics]],
  };
}
