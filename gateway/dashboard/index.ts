/** The dashboard page: `createDashboardRouter()` is mounted on the gateway's express app. */
export { createDashboardRouter, type DashboardOptions } from './router';
