export { eventHistoryKey, eventHistoryName, eventHistoryProjection, type EventHistoryRow } from './projection';
