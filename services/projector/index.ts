export { Projector, PROJECTOR_DEFAULTS, type ProjectorOptions } from './projector';
export { applyBatch, type BatchInput, type BatchOutcome, type DeadLetterEntry, type PendingView } from './apply-batch';
export { decodeBatch, type DecodedBatch, type SourceEvent, type Undecodable } from './decode-batch';
export { applyRouted, routeEvents, type ProjectionFailure, type Routed, type RowChanges } from './plan-rows';
export { startOffsets } from './positioning';
export { ViewPublisher, type ViewPublisherOptions } from './view-publisher';
