/** The order commands: what a client may ask of an order (decide.ts says what becomes of each). */
import type { orders } from '../../schemas/generated';
import type { Command } from '../decider';

export type PlaceOrder = Command<'PlaceOrder', orders.PlaceOrderData>;
export type PayOrder = Command<'PayOrder', orders.PayOrderData>;
export type ShipOrder = Command<'ShipOrder', orders.ShipOrderData>;
export type CancelOrder = Command<'CancelOrder', orders.CancelOrderData>;
export type OrderCommand = PlaceOrder | PayOrder | ShipOrder | CancelOrder;
