/**
 * Where the projector starts reading a partition: right after its checkpoint in PostgreSQL,
 * never where the consumer group's committed offset says. Group offsets are only committed
 * after the database, so they trail the checkpoint, but they do not follow it back (a restored
 * database, a rebuilt read model): trusting them could skip events.
 *
 * kafkajs can only seek once `run()` is going, and fetching starts right after a join. So on
 * every GROUP_JOIN (synchronously, before the first fetch of the new generation) all assigned
 * partitions are paused; then the checkpoints are read, owed view changes are published, each
 * partition is sought to its start offset and resumed. Batches of a partition that is not
 * positioned in the current generation are ignored and left unresolved.
 */
import type { KafkaConsumer } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { Checkpoint } from '../../read-models';

/**
 * The first offset to read in each partition: after the lowest checkpoint of the projections,
 * or 0 when one has none (a read model added later starts from the beginning; the others skip
 * what they already applied).
 */
export function startOffsets(projections: readonly string[], partitions: readonly number[], checkpoints: readonly Checkpoint[]): Map<number, number> {
  const starts = new Map<number, number>();
  for (const partition of partitions) {
    const own = checkpoints.filter((checkpoint) => checkpoint.partition === partition);
    const complete = projections.every((projection) => own.some((checkpoint) => checkpoint.projection === projection));
    starts.set(partition, complete ? Math.min(...own.map((checkpoint) => checkpoint.lastOffset)) + 1 : 0);
  }
  return starts;
}

export interface PositionerOptions {
  consumer: KafkaConsumer;
  /** Reads the partitions' checkpoints, publishes owed view changes, returns start offsets. */
  locate(topic: string, partitions: readonly number[]): Promise<Map<number, number>>;
  logger: Logger;
  retryDelayMs?: number;
}

export class PartitionPositioner {
  private generation = 0;
  private readonly ready = new Set<string>();
  private stopped = false;

  constructor(private readonly options: PositionerOptions) {}

  /** The GROUP_JOIN listener; must run before kafkajs fetches for the new assignment. */
  onJoin(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.generation += 1;
    this.ready.clear();
    const assigned = Object.entries(assignment)
      .filter(([, partitions]) => partitions.length > 0)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions] }));
    if (assigned.length === 0) return;
    this.options.consumer.pause(assigned);
    void this.position(this.generation, assigned);
  }

  isReady(topic: string, partition: number): boolean {
    return this.ready.has(`${topic}:${partition}`);
  }

  stop(): void {
    this.stopped = true;
  }

  private async position(generation: number, assigned: readonly { topic: string; partitions: number[] }[]): Promise<void> {
    const { consumer, logger } = this.options;
    const current = (): boolean => generation === this.generation && !this.stopped;
    for (const { topic, partitions } of assigned) {
      while (current()) {
        try {
          const starts = await this.options.locate(topic, partitions);
          if (!current()) return;
          for (const [partition, offset] of starts) {
            consumer.seek({ topic, partition, offset: String(offset) });
            this.ready.add(`${topic}:${partition}`);
          }
          consumer.resume([{ topic, partitions }]);
          logger.info({ topic, starts: Object.fromEntries(starts) }, 'partitions positioned at their checkpoints');
          break;
        } catch (error) {
          logger.warn({ err: error, topic, partitions }, 'could not position partitions at their checkpoints; retrying');
          await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1_000));
        }
      }
    }
  }
}
