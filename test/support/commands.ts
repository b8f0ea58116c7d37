/** Building and producing command records the way the gateway does, for tests that bypass it. */
import { randomUUID } from 'node:crypto';
import type { KafkaProducer } from '../../platform/kafka';
import { codec } from './kafka';

export interface TestCommand {
  domain: 'orders' | 'chat';
  name: string;
  aggregateId: string;
  data: Record<string, unknown>;
  commandId?: string;
  userId?: string;
  roles?: string[];
}

/** By default the command is staff's: these tests are about the pipeline, not ownership (domains' own tests cover that). */
export function commandRecord(command: TestCommand): Record<string, unknown> & { commandId: string } {
  return {
    commandId: command.commandId ?? randomUUID(),
    aggregateId: command.aggregateId,
    userId: command.userId ?? 'alice',
    roles: command.roles ?? ['staff'],
    correlationId: null,
    issuedAt: new Date(),
    data: command.data,
  };
}

/** The record as the command handler decodes it from Kafka: through Avro, so defaults (e.g. `private: false`) are filled in. */
export function decodedCommandRecord(command: TestCommand): Record<string, unknown> & { commandId: string } {
  const record = commandRecord(command);
  return codec.decode(codec.encode(`eventline.${command.domain}.${command.name}`, record)).value as unknown as typeof record;
}

/** Produces the commands (in order, batched) and returns their command ids. */
export async function produceCommands(producer: KafkaProducer, topicOf: (domain: string) => string, commands: readonly TestCommand[]): Promise<string[]> {
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
