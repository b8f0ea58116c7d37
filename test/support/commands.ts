/** Building and producing command records the way the gateway does, for tests that bypass it. */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { codec } from './kafka';

export interface TestCommand {
  domain: 'orders' | 'chat';
  name: string;
  aggregateId: string;
  data: Record<string, unknown>;
  commandId?: string;
  userId?: string;
}

export function commandRecord(command: TestCommand): Record<string, unknown> & { commandId: string } {
  return {
    commandId: command.commandId ?? randomUUID(),
    aggregateId: command.aggregateId,
    userId: command.userId ?? 'alice',
    correlationId: null,
    issuedAt: new Date(),
    data: command.data,
  };
}

/** Produces the commands (in order, batched) and returns their command ids. */
export async function produceCommands(producer: Producer, topicOf: (domain: string) => string, commands: readonly TestCommand[]): Promise<string[]> {
  const records = commands.map((command) => ({ command, record: commandRecord(command) }));
  await producer.sendBatch({
    acks: -1,
    topicMessages: records.map(({ command, record }) => ({
      topic: topicOf(command.domain),
      messages: [{ key: command.aggregateId, value: codec.encode(`eventline.${command.domain}.${command.name}`, record) }],
    })),
  });
  return records.map(({ record }) => record.commandId);
}

export const placeOrder = (orderId: string, storeId = 'store-1', priceCents = 500, qty = 2): TestCommand => ({
  domain: 'orders',
  name: 'PlaceOrder',
  aggregateId: orderId,
  data: { storeId, customerId: 'customer-1', items: [{ sku: 'sku-1', qty, priceCents }], currency: 'EUR' },
});
export const payOrder = (orderId: string, amountCents: number): TestCommand => ({ domain: 'orders', name: 'PayOrder', aggregateId: orderId, data: { amountCents } });
export const shipOrder = (orderId: string): TestCommand => ({ domain: 'orders', name: 'ShipOrder', aggregateId: orderId, data: { carrier: 'DHL', trackingNumber: null } });
export const cancelOrder = (orderId: string, reason = 'changed mind'): TestCommand => ({ domain: 'orders', name: 'CancelOrder', aggregateId: orderId, data: { reason } });
