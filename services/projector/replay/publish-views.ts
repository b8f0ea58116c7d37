/**
 * Publishing the view changes of a swap with the projector's own ViewPublisher: the current
 * row of each key under FOR SHARE, then the keys are cleared from the checkpoint that holds
 * them. The swap transaction recorded the keys there, so if this process dies before
 * publishing, the projector publishes them with the next batch of that partition.
 */
import type { KafkaClient } from '../../../platform/kafka';
import type { Orm } from '../../../platform/db';
import { createIdempotentProducer, type TopicNames } from '../../../platform/kafka';
import type { AnyReadModel } from '../../../read-models';
import type { Codec } from '../../../schemas';
import { ViewPublisher } from '../view-publisher';

export interface PendingChanges {
  readonly model: AnyReadModel;
  /** The events topic and partition whose checkpoint row holds the keys. */
  readonly topic: string;
  readonly partition: number;
  readonly keys: readonly string[];
}

/** Resolves to the number of records produced (keys whose row another writer already published are skipped). */
export async function publishViewChanges(orm: Orm, kafka: KafkaClient, topics: TopicNames, codec: Codec, pending: PendingChanges): Promise<number> {
  const producer = createIdempotentProducer(kafka);
  let published = 0;
  try {
    await producer.connect();
    const publisher = new ViewPublisher({ orm, producer, codec, topics, onPublished: (_view, records) => (published += records) });
    await publisher.publish(pending);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return published;
}
