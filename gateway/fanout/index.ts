/** The gateway's fan-out consumer: one Kafka consumer, records dispatched by topic kind. */
export { FeedConsumer, type FeedConsumerOptions, type FeedHandler, type FeedKind, type FeedRecord, type FeedTopic } from './feed-consumer';
export { gatewayGroupPrefix, startGroupSweeper, sweepDeadGatewayGroups, GROUP_SWEEP_INTERVAL_MS } from './group-sweeper';
