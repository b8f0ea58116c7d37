export { storeStatsProjection, UNKNOWN_CURRENCY, type StoreStatsRow } from './projection';
export { REVENUE_WINDOW_MINUTES } from './minute-buckets';
