/**
 * `command` frames as a client sends them (docs/protocol.md), built from the test
 * suite's command builders so the bench sends what the tests prove valid. Kept apart from
 * wire-messages.ts: those builders load the Avro catalog, which processes that only count
 * messages do not need.
 */
import { randomUUID } from 'node:crypto';
import { placeOrder, type TestCommand } from '../../test/support/commands';

/** PlaceOrder for a new order (its own aggregate, so the handler would accept every one). */
export function placeOrderFrame(commandId: string = randomUUID(), orderId: string = randomUUID()): string {
  const { domain, name, aggregateId, data } = placeOrder(orderId);
  return JSON.stringify({ op: 'command', id: commandId, domain, name, key: aggregateId, data });
}

/** CreateRoom for `roomId`: PostMessage is rejected until the room exists. */
export function createRoomFrame(commandId: string, roomId: string): string {
  return JSON.stringify({ op: 'command', id: commandId, domain: 'chat', name: 'CreateRoom', key: roomId, data: { title: roomId } });
}

/** PostMessage into `roomId`; the message id doubles as the command id, so its event can be matched to the command. */
export function postMessage(commandId: string, roomId: string): TestCommand {
  return { domain: 'chat', name: 'PostMessage', aggregateId: roomId, data: { messageId: commandId, text: 'hi' } };
}

export function postMessageFrame(commandId: string, roomId: string): string {
  const { domain, name, aggregateId, data } = postMessage(commandId, roomId);
  return JSON.stringify({ op: 'command', id: commandId, domain, name, key: aggregateId, data });
}
