/**
 * Consumer lag per partition: how far each group's committed position is behind the end of
 * the partition. Kafka groups commit the next offset to read; the projector keeps its
 * position in PostgreSQL instead (projection_checkpoints.last_offset = last applied offset),
 * so its rows are turned into the same shape and shown as the pseudo-group `projector (db)`.
 * Every committed position is read first and the end offsets after them, so a healthy group
 * never shows a position past the end.
 */
import type { KafkaAdmin } from '../platform/kafka';
import type { Orm } from '../platform/db';
import { NotFoundError } from '../platform/errors';
import { withSession } from '../read-models';
import { tableExists } from '../services/projector/replay';

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
  /** Why `lag` is null although both positions are known. */
  note?: string;
}

/** end - committed; null when either is unknown or the committed position is past the end (see `note`). */
export function lagOf(committed: string | null, end: string | null): number | null {
  if (committed === null || end === null) return null;
  const lag = BigInt(end) - BigInt(committed);
  return lag < 0n ? null : Number(lag);
}

/** Why a row has no lag although it has both positions; undefined when nothing needs saying. */
export function noteOf(committed: string | null, end: string | null): string | undefined {
  if (committed === null || end === null || BigInt(committed) <= BigInt(end)) return undefined;
  return 'committed position past the end: the topic was deleted and created again, or truncated';
}

/** A committed position, before the end offsets are known. */
type Commit = Omit<LagRow, 'end' | 'lag' | 'note'>;

/**
 * Lag of Kafka consumer groups: `only` names one; otherwise every group that has committed
 * offsets (the CLI's and the services' throwaway readers never commit, so they stay out).
 * NotFoundError when the named group neither exists nor has offsets.
 */
export async function kafkaGroupCommits(admin: KafkaAdmin, only: string | undefined): Promise<Commit[]> {
  const groupIds = only === undefined ? (await admin.listGroups()).groups.map((group) => group.groupId).sort() : [only];
  if (groupIds.length === 0) return [];
  const descriptions = (await admin.describeGroups(groupIds)).groups;
  const rows: Commit[] = [];
  for (const groupId of groupIds) {
    const description = descriptions.find((group) => group.groupId === groupId);
    const committed = await admin.fetchOffsets({ groupId });
    if (only !== undefined && committed.length === 0 && (description === undefined || description.state === 'Dead')) {
      throw new NotFoundError(`unknown consumer group "${only}"`, { context: { group: only } });
    }
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of [...partitions].sort((a, b) => a.partition - b.partition)) {
        const position = BigInt(offset) < 0n ? null : offset;
        rows.push({ group: groupId, state: description?.state ?? null, members: description?.members.length ?? null, topic, partition, committed: position });
      }
    }
  }
  return rows;
}

/** The projector's checkpoints as committed positions; none when the database has no checkpoint table yet. */
export async function projectorCommits(orm: Orm): Promise<Commit[]> {
  const rows = await withSession(orm, async (session) => {
    if (!(await tableExists(session, 'projection_checkpoints'))) return [];
    const checkpoints = await session.query<{ projection: string; topic: string; partition: number; last_offset: string }>({
      text: 'SELECT projection, topic, partition, last_offset FROM projection_checkpoints ORDER BY projection, topic, partition',
      values: [],
    });
    return checkpoints.rows;
  });
  return rows.map((row) => ({
    group: PROJECTOR_DB_GROUP,
    state: null,
    members: null,
    projection: row.projection,
    topic: row.topic,
    partition: row.partition,
    committed: (BigInt(row.last_offset) + 1n).toString(),
  }));
}

/**
 * Adds end offsets and lag. The end offsets are read after every committed position, never
 * before: a position committed between the two reads would otherwise show past the end.
 */
export async function withEndOffsets(admin: KafkaAdmin, commits: readonly Commit[]): Promise<LagRow[]> {
  const existing = new Set(await admin.listTopics());
  const topics = [...new Set(commits.map((commit) => commit.topic))].filter((topic) => existing.has(topic));
  const ends = new Map<string, string>();
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${partition}`, high);
  }
  return commits.map((commit) => {
    const end = ends.get(`${commit.topic}:${commit.partition}`) ?? null;
    const note = noteOf(commit.committed, end);
    return { ...commit, end, lag: lagOf(commit.committed, end), ...(note === undefined ? {} : { note }) };
  });
}
