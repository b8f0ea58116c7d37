/** Live subscriptions: streams, per-socket subscriptions with their snapshot or history, fan-out of Kafka records. */
export { LiveSubscriptions, SUBSCRIPTION_DEFAULTS, type LiveSubscriptionsOptions, type SubscriptionOptions } from './live-subscriptions';
export { postgresReaders, type HistoryEvent, type HistoryPage, type SubscriptionReaders, type ViewSnapshot } from './readers';
export { subscribeOp, unsubscribeOp } from './ops';
export { StreamCatalog, type EventStream, type Stream, type ViewStream } from './streams';
