export { StatusTaker, STATUS_RATES, type CheckStatus, type InstanceStatus } from './instance-status';
export { StatusPublisher, STATUS_INTERVAL_MS, type StatusPublisherOptions } from './status-publisher';
