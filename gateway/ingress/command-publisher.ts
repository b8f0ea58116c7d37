/**
 * Writes commands to Kafka: picks each record's partition (as kafkajs would), and hands it
 * to the producer lane that owns that partition number. Each lane is its own idempotent
 * producer with one flush in flight (producer-lane.ts), so lanes run in parallel without
 * the hazards of parallel requests on one producer, and all records of a partition — so
 * all commands of one key — go through one lane, in order.
 */
import type { RecordHeaders } from '../../platform/kafka';
import { BadRequestError } from '../../platform/errors';
import type { KeyPartitioner } from './partitioner';
import type { LaneOptions, ProducerLane, RecordPosition } from './producer-lane';

export interface PublisherOptions extends Omit<LaneOptions, 'commandTimeoutMs'> {
  /**
   * Producers writing in parallel, each with one request in flight. Default 2: one lane's
   * request is on the wire while the other's batch is being built. More lanes only help
   * with several brokers or partitions to spread over; each costs a connection per broker.
   */
  readonly lanes: number;
  /**
   * Most records per produce request (per lane). Default 500: kafkajs groups a batch's
   * messages per partition with a copy per message (quadratic in the batch), so much larger
   * batches cost more CPU than the requests they save.
   */
  readonly maxBatchRecords: number;
  /**
   * Most key + value bytes per produce request; also the largest single command. Default
   * 900 KiB, under the broker's default `message.max.bytes` (1 MiB per partition batch) with
   * room for record overhead. Raise both together.
   */
  readonly maxBatchBytes: number;
  /** Most commands waiting per lane; beyond it commands are refused UNAVAILABLE rather than buffered while Kafka is slow. Default 25,000. */
  readonly maxQueuedRecords: number;
}

export const PUBLISHER_DEFAULTS: PublisherOptions = Object.freeze({
  lanes: 2,
  maxBatchRecords: 500,
  maxBatchBytes: 900 * 1024,
  maxQueuedRecords: 25_000,
});

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: RecordHeaders;
}

export class CommandPublisher {
  constructor(
    private readonly lanes: readonly Pick<ProducerLane, 'publish' | 'close'>[],
    private readonly partitionFor: KeyPartitioner,
    private readonly maxRecordBytes: number,
  ) {}

  /** Resolves once the record is durably in Kafka; rejects UNAVAILABLE (retriable) or BAD_REQUEST (too large). */
  publish({ topic, key, value, headers }: OutgoingRecord): Promise<RecordPosition> {
    const bytes = value.length + Buffer.byteLength(key);
    if (bytes > this.maxRecordBytes) {
      return Promise.reject(new BadRequestError(`the command is ${bytes} bytes encoded; at most ${this.maxRecordBytes} are accepted`));
    }
    const partition = this.partitionFor(topic, key);
    const lane = this.lanes[partition % this.lanes.length] as Pick<ProducerLane, 'publish'>;
    return lane.publish({ topic, partition, message: { key, value, partition, headers }, bytes });
  }

  /** Writes everything queued in every lane, then disconnects. Safe to call twice. */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}
