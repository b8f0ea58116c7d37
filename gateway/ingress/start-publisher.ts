/** Creates the command publisher: one idempotent producer per lane, partition counts read once. */
import type { KafkaAdmin, KafkaClient } from '../../platform/kafka';
import { createIdempotentProducer } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { GatewayMetrics } from '../metrics';
import { CommandPublisher, type PublisherOptions } from './command-publisher';
import { createKeyPartitioner } from './partitioner';
import { ProducerLane } from './producer-lane';

export async function startCommandPublisher(
  kafka: KafkaClient,
  admin: KafkaAdmin,
  topics: readonly string[],
  options: PublisherOptions & { commandTimeoutMs: number },
  metrics: Pick<GatewayMetrics, 'produceBatchSize'>,
  logger: Logger,
): Promise<CommandPublisher> {
  const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
  const partitioner = createKeyPartitioner(new Map(described.map((topic) => [topic.name, topic.partitions.length])));
  const lanes: ProducerLane[] = [];
  for (let lane = 0; lane < options.lanes; lane += 1) {
    // One request in flight per connection, like the lane's one flush in flight (see producer-lane.ts).
    // Topics are created at start-up by the runtime: producing to a missing one is a bug, not a reason to create it.
    const producer = createIdempotentProducer(kafka, { allowAutoTopicCreation: false });
    await producer.connect();
    lanes.push(new ProducerLane(producer, options, metrics, logger.child({ component: 'command-publisher', lane })));
  }
  return new CommandPublisher(lanes, partitioner, options.maxBatchBytes);
}
