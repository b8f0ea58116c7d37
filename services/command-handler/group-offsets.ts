/**
 * The command handler group's committed offsets, kept for lag tools (`eventline lag`) only:
 * where a partition resumes is the position each transaction writes (position.ts). They are
 * committed at intervals, outside the transactions — on a timer rather than from the fetch
 * loop, so an idle handler's lag still reaches zero and no commit delays a fetch. They never
 * get ahead of the positions: only offsets of committed transactions are recorded.
 */
import type { PartitionOffset } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';

export class GroupOffsets {
  /** The next offset to commit per `topic:partition`, decided since the last commit. */
  private readonly pending = new Map<string, PartitionOffset>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs).unref();
  }

  /** Records that every command of `topic`/`partition` before `nextOffset` is decided. */
  decided(topic: string, partition: number, nextOffset: bigint): void {
    this.pending.set(`${topic}:${partition}`, { topic, partition, offset: nextOffset.toString() });
  }

  /** Commits what was decided since the last commit; one commit at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.commitPending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops the timer and commits what is left (call it while the consumer is still in its group). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.commit(offsets);
    } catch (error) {
      // A rebalance or a moving coordinator; the next interval tries again, unless newer offsets came meanwhile.
      for (const offset of offsets) {
        const key = `${offset.topic}:${offset.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, offset);
      }
      this.logger.debug({ err: error }, 'could not commit the command-handler group offsets (lag tools only); retrying at the next interval');
    }
  }
}
