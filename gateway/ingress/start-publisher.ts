/** Creates the command publisher: one idempotent producer per lane, partition counts read once. */
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA_RETRY } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import type { GatewayMetrics } from '../metrics';
import { CommandPublisher, type PublisherOptions } from './command-publisher';
import { createKeyPartitioner } from './partitioner';
import { ProducerLane } from './producer-lane';

export async function startCommandPublisher(
  kafka: Kafka,
  admin: Admin,
  topics: readonly string[],
  options: PublisherOptions & { flushTimeoutMs: number },
  metrics: Pick<GatewayMetrics, 'produceBatchSize'>,
  logger: Logger,
): Promise<CommandPublisher> {
  const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
  const partitioner = createKeyPartitioner(new Map(described.map((topic) => [topic.name, topic.partitions.length])));
  const lanes: ProducerLane[] = [];
  for (let lane = 0; lane < options.lanes; lane += 1) {
    const producer = kafka.producer({
      idempotent: true,
      // kafkajs would otherwise take the client's bounded retries; an idempotent producer that
      // gives up mid-sequence can be left out of step with the broker. Retry forever: the
      // lane's flush timeout answers clients meanwhile.
      retry: { ...KAFKA_RETRY, retries: Number.MAX_SAFE_INTEGER },
      // One request per connection, like the lane's one flush in flight (see producer-lane.ts).
      maxInFlightRequests: 1,
      // Topics are created at start-up by the runtime: producing to a missing one is a bug, not a reason to create it.
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    lanes.push(new ProducerLane(producer, options, metrics, logger.child({ component: 'command-publisher', lane })));
  }
  return new CommandPublisher(lanes, partitioner, options.maxBatchBytes);
}
