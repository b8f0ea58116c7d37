/** Command ingress: validation against the Avro contract, batched idempotent publishing, acks. */
export { CommandIngress } from './command-ingress';
export { CommandPublisher, PUBLISHER_DEFAULTS, type OutgoingRecord, type PublisherOptions } from './command-publisher';
export { buildCommandRecord, toClientIssue, type CommandRecord } from './command-record';
export { CommandTable, RECORD_TYPE_HEADER, type CommandRoute } from './command-table';
export { assignOffsets, type Placement } from './offsets';
export { createKeyPartitioner, murmur2, type KeyPartitioner } from './partitioner';
export { ProducerLane, type LaneOptions, type PlacedRecord, type RecordPosition } from './producer-lane';
export { startCommandPublisher } from './start-publisher';
