export { ordersProjection, type OrderRow } from './projection';
