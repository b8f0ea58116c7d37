/** The analytics example: revenue per store per hour and the order funnel per store per day, from `orders.events`. */
export { ANALYTICS_CHECKPOINT, ANALYTICS_CONCURRENCY, SalesAnalytics, type SalesAnalyticsOptions } from './sales-analytics';
export { dayOf, hourOf, salesIncrements, type DailyFunnelIncrement, type HourlyRevenueIncrement, type SalesIncrements } from './sales-increments';
export { toOrderEvent } from './order-events';
