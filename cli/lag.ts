/**
 * Consumer lag per partition: how far each group's committed position is behind the end of
 * the partition. Kafka groups commit the next offset to read; the projector keeps its
 * position in PostgreSQL instead (projection_checkpoints.last_offset = last applied offset),
 * so its rows are turned into the same shape and shown as the pseudo-group `projector (db)`.
 */
import type { Admin } from 'kafkajs';
import type { Client } from 'pg';
import { NotFoundError } from '../platform/errors';

export const PROJECTOR_DB_GROUP = 'projector (db)';

export interface LagRow {
  group: string;
  /** Kafka group state (Stable, Empty, …); null for the projector's checkpoints. */
  state: string | null;
  members: number | null;
  /** The read model whose checkpoint this is (projector rows only). */
  projection?: string;
  topic: string;
  partition: number;
  /** Next offset the group will read; null when it has committed none on this partition. */
  committed: string | null;
  /** End offset of the partition now; null when the topic no longer exists. */
  end: string | null;
  lag: number | null;
}

/** end - committed, or null when either is unknown; never negative (end offsets are read after commits). */
export function lagOf(committed: string | null, end: string | null): number | null {
  if (committed === null || end === null) return null;
  const lag = BigInt(end) - BigInt(committed);
  return Number(lag < 0n ? 0n : lag);
}

/** End offsets per topic, fetched once each. */
export class EndOffsets {
  private readonly cache = new Map<string, Promise<Map<number, string> | undefined>>();

  constructor(
    private readonly admin: Admin,
    private readonly existing: ReadonlySet<string>,
  ) {}

  async of(topic: string, partition: number): Promise<string | null> {
    let offsets = this.cache.get(topic);
    if (!offsets) {
      offsets = this.existing.has(topic)
        ? this.admin.fetchTopicOffsets(topic).then((list) => new Map(list.map((entry) => [entry.partition, entry.high])))
        : Promise.resolve(undefined);
      this.cache.set(topic, offsets);
    }
    return (await offsets)?.get(partition) ?? null;
  }
}

/**
 * Lag of Kafka consumer groups: `only` names one; otherwise every group that has committed
 * offsets (the CLI's and the services' throwaway readers never commit, so they stay out).
 * NotFoundError when the named group neither exists nor has offsets.
 */
export async function kafkaGroupLag(admin: Admin, ends: EndOffsets, only: string | undefined): Promise<LagRow[]> {
  const groupIds = only === undefined ? (await admin.listGroups()).groups.map((group) => group.groupId).sort() : [only];
  if (groupIds.length === 0) return [];
  const descriptions = (await admin.describeGroups(groupIds)).groups;
  const rows: LagRow[] = [];
  for (const groupId of groupIds) {
    const description = descriptions.find((group) => group.groupId === groupId);
    const committed = await admin.fetchOffsets({ groupId });
    if (only !== undefined && committed.length === 0 && (description === undefined || description.state === 'Dead')) {
      throw new NotFoundError(`unknown consumer group "${only}"`, { context: { group: only } });
    }
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of [...partitions].sort((a, b) => a.partition - b.partition)) {
        const position = BigInt(offset) < 0n ? null : offset;
        const end = await ends.of(topic, partition);
        rows.push({ group: groupId, state: description?.state ?? null, members: description?.members.length ?? null, topic, partition, committed: position, end, lag: lagOf(position, end) });
      }
    }
  }
  return rows;
}

/** The projector's checkpoints as lag rows; none when the database has no checkpoint table yet. */
export async function projectorLag(client: Client, ends: EndOffsets): Promise<LagRow[]> {
  const exists = await client.query<{ table: string | null }>(`SELECT to_regclass('projection_checkpoints')::text AS table`);
  if (exists.rows[0]?.table == null) return [];
  const { rows } = await client.query<{ projection: string; topic: string; partition: number; last_offset: string }>(
    'SELECT projection, topic, partition, last_offset FROM projection_checkpoints ORDER BY projection, topic, partition',
  );
  const lagRows: LagRow[] = [];
  for (const row of rows) {
    const committed = (BigInt(row.last_offset) + 1n).toString();
    const end = await ends.of(row.topic, row.partition);
    lagRows.push({ group: PROJECTOR_DB_GROUP, state: null, members: null, projection: row.projection, topic: row.topic, partition: row.partition, committed, end, lag: lagOf(committed, end) });
  }
  return lagRows;
}
