/** Orders events as the command handler writes them to Kafka, for tests that bypass it. */
import type { Message } from 'kafkajs';
import type { RecordedEvent } from '../../domains';
import type { OrderEvent } from '../../domains/orders';
import { eventCloudHeaders } from '../../platform/kafka';
import type { Codec } from '../../schemas';

/** Keyed by order id, `eventline-type` and CloudEvents headers, Confluent-framed Avro (latest version unless `version` is given). */
export function orderEventMessage(codec: Codec, event: RecordedEvent<OrderEvent>, version?: number): Message {
  const { type, ...record } = event;
  return {
    key: event.aggregateId,
    value: codec.encode(`eventline.orders.${type}`, record, version === undefined ? {} : { version }),
    headers: { 'eventline-type': type, ...eventCloudHeaders('orders', type, record) },
  };
}
