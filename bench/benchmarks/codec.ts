/**
 * codec: how many records per second the Avro codec encodes and decodes (one encode plus one
 * decode each) for a typical OrderPlaced event. Every record the handler, projector and
 * gateway fan-out touch goes through it. Reference: JSON.stringify + JSON.parse of the same
 * value to and from a Buffer (which leaves the date a string: JSON does less work).
 */
import { randomUUID } from 'node:crypto';
import { createCodec, type orders } from '../../schemas';
import { measured, measureLoop, type Benchmark } from '../harness';

const SUBJECT = 'eventline.orders.OrderPlaced';

function typicalOrderPlaced(): orders.OrderPlaced {
  const items = [
    { sku: 'sku-1042', qty: 2, priceCents: 1_299 },
    { sku: 'sku-2210', qty: 1, priceCents: 4_500 },
    { sku: 'sku-0007', qty: 3, priceCents: 350 },
  ];
  return {
    aggregateId: randomUUID(),
    version: 1,
    commandId: randomUUID(),
    userId: 'user-8f3a',
    occurredAt: new Date(),
    data: { storeId: 'store-7', customerId: 'customer-1234', items, currency: 'EUR', totalCents: items.reduce((sum, line) => sum + line.qty * line.priceCents, 0) },
  };
}

export const codecBenchmark: Benchmark = {
  name: 'codec',
  summary: 'Avro encode+decode of an OrderPlaced event, records/s (reference: JSON)',
  needs: [],
  targets: [],
  budgetMs: 60_000,
  async run(context) {
    const parameters = { record: SUBJECT, items: 3, warmupMs: context.scaled(2_000, 200), durationMs: context.scaled(5_000, 500) };
    const codec = createCodec();
    const value = typicalOrderPlaced();
    const avro = measureLoop(() => codec.decode(codec.encode(SUBJECT, value)), parameters.warmupMs, parameters.durationMs);
    const json = measureLoop(() => JSON.parse(Buffer.from(JSON.stringify(value)).toString('utf8')), parameters.warmupMs, parameters.durationMs);
    return measured(
      [{ label: 'OrderPlaced', value: avro.perSecond, unit: 'records/s', reference: { label: 'JSON', value: json.perSecond, unit: 'records/s' } }],
      parameters,
      { avroBytes: codec.encode(SUBJECT, value).length, jsonBytes: Buffer.byteLength(JSON.stringify(value)) },
    );
  },
};
