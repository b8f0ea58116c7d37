/**
 * Records as Eventline reads and writes them: the fields its code uses, so that code outside
 * platform/kafka/ does not name kafkajs's record types. kafkajs's own records fit these shapes
 * (a consumed KafkaMessage is a ConsumedRecord; a ProducedRecord is a producer Message).
 */

/** Header values as Kafka carries them: bytes when read, strings or bytes when written. */
export interface RecordHeaders {
  [name: string]: Buffer | string | (Buffer | string)[] | undefined;
}

/** A record read from a partition. `offset` and `timestamp` (epoch ms) are decimal strings. */
export interface ConsumedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
  readonly headers?: RecordHeaders;
}

/** A record to produce; without `partition` the producer's partitioner chooses. */
export interface ProducedRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  headers?: RecordHeaders;
  timestamp?: string;
}

/** Where a produce request put a partition's records: `baseOffset` is the first one's offset. */
export interface ProducedOffsets {
  readonly topicName: string;
  readonly partition: number;
  readonly baseOffset?: string;
}
