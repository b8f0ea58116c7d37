/**
 * A backlog of orders events written straight to `<domain>.events`, as the command handler
 * would have written them (consecutive versions per order, keyed by order id, so each order
 * lives on one partition): for benchmarks of what reads events (projector, replay) without
 * paying for the way in. Every order is placed, paid and shipped; orders are interleaved a
 * chunk at a time, as concurrent customers would be.
 */
import type { KafkaProducer } from '../../platform/kafka';
import type { RecordedEvent } from '../../domains';
import type { OrderEvent } from '../../domains/orders';
import type { Codec } from '../../schemas';
import { OrderStory } from '../../test/support/analytics-events';

export const EVENTS_PER_ORDER = 3;
/** Orders whose events are interleaved with each other; also the records of one produce request (under 1 MB). */
const ORDERS_PER_CHUNK = 1_000;

function story(orderId: string, storeId: string, at: string): RecordedEvent<OrderEvent>[] {
  return new OrderStory(orderId, storeId).placed(at, 2_500).paid(at).shipped(at).events;
}

/** Produces `orders` orders' events (EVENTS_PER_ORDER each) to `topic`, spread over `stores` stores. */
export async function produceOrderEvents(producer: KafkaProducer, codec: Codec, options: { topic: string; orders: number; stores: number; idPrefix: string }): Promise<number> {
  const at = new Date().toISOString();
  let produced = 0;
  for (let first = 0; first < options.orders; first += ORDERS_PER_CHUNK) {
    const stories = Array.from({ length: Math.min(ORDERS_PER_CHUNK, options.orders - first) }, (_, i) =>
      story(`${options.idPrefix}order-${first + i}`, `store-${(first + i) % options.stores}`, at),
    );
    for (let step = 0; step < EVENTS_PER_ORDER; step += 1) {
      const messages = stories.map((events) => {
        const { type, ...record } = events[step] as RecordedEvent<OrderEvent>;
        return { key: record.aggregateId, value: codec.encode(`eventline.orders.${type}`, record) };
      });
      await producer.send({ topic: options.topic, acks: -1, messages });
      produced += messages.length;
    }
  }
  return produced;
}
