/** What `ordersAccess.canSee` decides on: the order's customer, from the `orders` table. */
import type { AccessFactsQuery } from '../../../read-models/define';
import type { OrderFacts } from '../access';
import { ordersReadModel } from './orders';

const columns = ordersReadModel.columns;

export const orderFacts: AccessFactsQuery<OrderFacts> = {
  statement: (orderId) => ({
    text: `SELECT ${columns.customerId.name} AS customer_id FROM ${ordersReadModel.table} WHERE ${columns.orderId.name} = $1`,
    values: [orderId],
  }),
  decode: (row) => ({ customerId: String(row.customer_id) }),
};
