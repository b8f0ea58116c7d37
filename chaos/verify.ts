/**
 * What a fault did to the data: the events in Kafka of the orders one fault's load touched —
 * repeated (an aggregate version or a command's events twice) or missing (a gap in an
 * aggregate's versions, or an accepted outcome whose event is not there) — and the `orders`
 * read model against those events.
 */
import type { KafkaClient } from '../platform/kafka';
import { Client } from 'pg';
import { readPartitionsToEnd, TopicNames } from '../platform/kafka';
import type { Codec } from '../schemas';
import type { SentCommand } from './load';

export interface DataCheck {
  readonly events: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly readModelMismatches: number;
}

const STATUS_AFTER: Record<string, string> = { OrderPlaced: 'PLACED', OrderPaid: 'PAID', OrderShipped: 'SHIPPED', OrderCancelled: 'CANCELLED' };

export async function checkData(kafka: KafkaClient, codec: Codec, databaseUrl: string, prefix: string, commands: readonly SentCommand[]): Promise<DataCheck> {
  const admin = kafka.admin();
  await admin.connect();
  const topic = new TopicNames().domain('orders', 'events');
  const byOrder = new Map<string, { version: number; name: string }[]>();
  const byCommand = new Map<string, number>();
  try {
    const partitions = (await admin.fetchTopicOffsets(topic)).map(({ partition }) => partition);
    await readPartitionsToEnd(kafka, admin, topic, partitions, (message) => {
      if (!message.value || !message.key?.toString().startsWith(prefix)) return;
      const decoded = codec.decode(message.value);
      const event = decoded.value as { aggregateId: string; version: number; commandId: string };
      byOrder.set(event.aggregateId, [...(byOrder.get(event.aggregateId) ?? []), { version: event.version, name: decoded.name }]);
      byCommand.set(event.commandId, (byCommand.get(event.commandId) ?? 0) + 1);
    }, { groupIdPrefix: 'eventline-chaos-verify' });
  } finally {
    await admin.disconnect();
  }
  let events = 0;
  let duplicates = 0;
  let missing = 0;
  for (const list of byOrder.values()) {
    events += list.length;
    const versions = list.map((event) => event.version);
    duplicates += versions.length - new Set(versions).size;
    missing += Math.max(...versions) - new Set(versions).size;
  }
  for (const count of byCommand.values()) duplicates += count - 1;
  missing += commands.filter((command) => command.status === 'accepted' && !byCommand.has(command.id)).length;

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  let readModelMismatches = 0;
  try {
    const { rows } = await db.query<{ order_id: string; status: string }>('SELECT order_id, status FROM orders WHERE order_id LIKE $1', [`${prefix}%`]);
    const status = new Map(rows.map((row) => [row.order_id, row.status]));
    for (const [orderId, list] of byOrder) {
      const last = [...list].sort((a, b) => a.version - b.version).at(-1)!;
      if (status.get(orderId) !== STATUS_AFTER[last.name]) readModelMismatches += 1;
    }
  } finally {
    await db.end();
  }
  return { events, duplicates, missing, readModelMismatches };
}
