/**
 * `command` frames as a client sends them (DESIGN.md "Wire protocol"), built from the test
 * suite's command builders so the bench sends what the tests prove valid. Kept apart from
 * wire-messages.ts: those builders load the Avro catalog, which processes that only count
 * messages do not need.
 */
import { randomUUID } from 'node:crypto';
import { placeOrder } from '../../test/support/commands';

/** PlaceOrder for a new order (its own aggregate, so the handler would accept every one). */
export function placeOrderFrame(commandId: string = randomUUID(), orderId: string = randomUUID()): string {
  const { domain, name, aggregateId, data } = placeOrder(orderId);
  return JSON.stringify({ op: 'command', id: commandId, domain, name, key: aggregateId, data });
}
