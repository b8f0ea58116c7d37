/** REST reads of the read models: `createReadRoutes` is mounted on the gateway's express app. */
export { createReadRoutes, type ReadRoutesOptions } from './read-routes';
export { PAGE_DEFAULTS, pageParams, type PageParams } from './page-params';
