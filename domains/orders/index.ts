/** The orders domain: a decider per order (key `orderId`) and the `orders`, `store_stats` and `orders_event_history` read models. */
import type { Decider } from '../decider';
import { defineDomain } from '../define-domain';
import { namesOf, type DomainModule } from '../domain-module';
import { ordersAccess } from './access';
import type { OrderCommand } from './commands';
import { decide } from './decide';
import { orderFacts, ordersMigrations, ordersReadModel, storeStatsReadModel } from './read-models';
import { ordersSchemas } from './schemas';
import { evolve, initialOrderState, type OrderEvent, type OrderState } from './state';

export { actsForCustomer, ordersAccess, type OrderFacts } from './access';
export type { CancelOrder, OrderCommand, PayOrder, PlaceOrder, ShipOrder } from './commands';
export type { OrderCancelled, OrderEvent, OrderPaid, OrderPlaced, OrderShipped, OrderState, OrderStatus } from './state';
export { ordersProjection, type OrderRow } from './projections/orders';
export { REVENUE_WINDOW_MINUTES, storeStatsProjection, UNKNOWN_CURRENCY, type StoreStatsRow } from './projections/store-stats';
export { ordersReadModel, storeStatsReadModel } from './read-models';

export const ordersDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: initialOrderState,
  decide,
  evolve,
};

export const ordersDomain: DomainModule<OrderState, OrderCommand, OrderEvent> = defineDomain({
  name: 'orders',
  aggregateKey: 'orderId',
  commandNames: namesOf<OrderCommand['type']>({ PlaceOrder: true, PayOrder: true, ShipOrder: true, CancelOrder: true }),
  eventNames: namesOf<OrderEvent['type']>({ OrderPlaced: true, OrderPaid: true, OrderShipped: true, OrderCancelled: true }),
  snapshotRecord: 'OrderSnapshot',
  schemas: ordersSchemas,
  decider: ordersDecider,
  access: ordersAccess,
  accessFacts: orderFacts,
  readModels: [ordersReadModel, storeStatsReadModel],
  // Its first tables came with the migrations released before domains owned theirs (read-models/migrations).
  migrations: ordersMigrations,
});
