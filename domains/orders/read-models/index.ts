export { ordersReadModel } from './orders';
export { storeStatsReadModel } from './store-stats';
export { orderFacts } from './access-facts';
export { ordersMigrations } from './migrations';
