/**
 * Brings a partition store up to the end of its snapshots partition: keeps what the store
 * already reflects when it can be trusted (store-check.ts), else wipes it, then copies the
 * records after its offset, read_committed, batch by batch, each batch with the offset after it
 * in one atomic write, so a restore that is killed resumes where it stopped. A batch's write
 * lands while the next batch is fetched and decoded; the writes are applied in order. A
 * restart on the same disk reads only the tail; a new machine reads the partition once.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaAdmin, KafkaClient } from '../../../platform/kafka';
import { UnavailableError } from '../../../platform/errors';
import { readRanges } from '../../../platform/kafka';
import type { Logger } from '../../../platform/logger';
import type { PartitionStore } from './partition-store';
import { storeVerdict, type LogBounds, type StoreIdentity } from './store-check';

export interface RestoreOptions {
  readonly kafka: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly clusterId: string;
  readonly topic: string;
  readonly partition: number;
  /** Prefix of the throwaway group the read uses (it never commits offsets). */
  readonly groupIdPrefix: string;
  readonly logger: Logger;
  /** Called after each batch: the handler's own group must not take a long restore for a dead member. */
  readonly heartbeat: () => Promise<void>;
  readonly timeoutMs?: number;
}

export interface RestoreReport {
  /** Where the read started: the store's offset, or the log's start when it was wiped. */
  readonly from: string;
  readonly to: string;
  readonly records: number;
  /** Why the store was wiped; null when it was kept. */
  readonly wiped: string | null;
}

const DEFAULT_TIMEOUT_MS = 600_000;
/**
 * How long a log end below the store's offset is asked again before the store is wiped. Right
 * after a leader election the new leader can report a committed end below what was committed
 * (its high watermark not caught up yet; seen as an end of 0 on a cluster whose leader had just
 * been killed). Wiping then would drop every aggregate's state and decide its commands again:
 * only an end that stays below the store (a recreated topic) is taken for the truth.
 */
const LOG_END_SETTLE_MS = 30_000;
const LOG_END_RECHECK_MS = 1_000;

export async function restoreStore(store: PartitionStore, options: RestoreOptions): Promise<RestoreReport> {
  const { topic, partition } = options;
  const stored = await store.state();
  const { offsets, log } = await settledLog(options, stored.nextOffset);
  const identity: StoreIdentity = { clusterId: options.clusterId, topic, partition, partitions: offsets.length };
  const verdict = storeVerdict(stored, identity, log);
  if (!verdict.keep) {
    options.logger.info({ topic, partition, reason: verdict.reason }, 'wiping the partition store; restoring it from the start of the log');
    await store.wipe(identity);
  }
  let records = 0;
  // The write of the batch before: the next batch is fetched while it lands (at most one in flight).
  let writing: Promise<void> = Promise.resolve();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const unfinished = await readRanges(
    options.kafka,
    topic,
    [{ partition, from: verdict.restoreFrom, to: log.high }],
    async (_partition, messages) => {
      const last = messages[messages.length - 1];
      if (last === undefined) return;
      // Every snapshots record has a key (an aggregate id, or the position's empty key).
      const keyed = messages.filter((message) => message.key !== null);
      await writing;
      writing = store.write(
        keyed.map((message) => ({ key: (message.key as Buffer).toString('utf8'), value: message.value })),
        BigInt(last.offset) + 1n,
      );
      // Observed by the next batch or after the read; a rejection must not go unhandled meanwhile.
      writing.catch(() => undefined);
      records += messages.length;
      await options.heartbeat();
    },
    {
      groupId: `${options.groupIdPrefix}-${randomUUID()}`,
      partitions: offsets.map((candidate) => candidate.partition),
      maxWaitTimeInMs: 50,
      maxBytesPerPartition: 4 * 1024 * 1024,
      signal: AbortSignal.timeout(timeoutMs),
    },
  );
  await writing;
  if (unfinished.length > 0) throw new UnavailableError(`restoring ${topic} partition ${partition} did not finish within ${timeoutMs} ms`);
  // The end may be a transaction marker or a compacted gap that no record carries.
  await store.write([], log.high);
  return { from: verdict.restoreFrom.toString(), to: log.high.toString(), records, wiped: verdict.keep ? null : verdict.reason };
}

/** The partition's bounds, asked again every `recheckMs` while its end is below `storeOffset`, for at most `settleMs` (see LOG_END_SETTLE_MS). */
export async function settledLog(
  options: Pick<RestoreOptions, 'admin' | 'topic' | 'partition' | 'logger' | 'heartbeat'>,
  storeOffset: bigint | undefined,
  settleMs = LOG_END_SETTLE_MS,
  recheckMs = LOG_END_RECHECK_MS,
): Promise<{ offsets: { partition: number }[]; log: LogBounds }> {
  const { admin, topic, partition, logger } = options;
  const deadline = Date.now() + settleMs;
  for (;;) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const bounds = offsets.find((candidate) => candidate.partition === partition);
    if (bounds === undefined) throw new UnavailableError(`${topic} has no partition ${partition}`);
    const log = { low: BigInt(bounds.low), high: BigInt(bounds.high) };
    if (storeOffset === undefined || storeOffset <= log.high || Date.now() >= deadline) return { offsets, log };
    logger.warn({ topic, partition, storeOffset: storeOffset.toString(), logEnd: log.high.toString() }, "the log's end is below the store's offset; asking again before wiping the store");
    await options.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, recheckMs));
  }
}
