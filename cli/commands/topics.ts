/**
 * `eventline topics`: the topics with their partition counts; `topics describe <topic>`: its
 * partitions (leader, replicas, in-sync replicas, offsets) and configuration.
 */
import type { Command } from 'commander';
import { globalOptions, type CliContext } from '../context';
import { jsonDocument } from '../format/json';
import { table } from '../format/table';
import { withKafka } from '../kafka-session';
import { describeTopicConfigs, partitionExtents, type KafkaAdmin } from '../../platform/kafka';
import { cliSettings } from '../settings';
import { isInternalTopic } from '../topic-name';

export interface TopicDescription {
  topic: string;
  partitions: {
    partition: number;
    leader: string;
    replicas: number[];
    isr: number[];
    low: string;
    high: string;
  }[];
  /** Topic-level overrides, or every effective setting with --all-configs. */
  configs: { name: string; value: string | null; source: string }[];
}

export function registerTopicsCommands(program: Command, context: CliContext): void {
  const topics = program
    .command('topics')
    .description("list topics with their partition counts (this installation's, when TOPIC_PREFIX is set)")
    .option('--all', "every topic, Kafka's internal ones and other installations' included", false)
    .addHelpText(
      'after',
      `
Examples:
  $ eventline topics
  $ eventline topics describe orders.events
  $ eventline --json topics describe views.store_stats --all-configs`,
    )
    .action(async (options: { all: boolean }, command: Command) => {
      const settings = cliSettings(command, context);
      const listed = await withKafka(settings, context.output, async (session) => {
        const { topics: metadata } = await session.admin.fetchTopicMetadata();
        return metadata
          .filter(({ name }) => options.all || (!isInternalTopic(name) && name.startsWith(settings.topicPrefix)))
          .map(({ name, partitions }) => ({ topic: name, partitions: partitions.length }))
          .sort((a, b) => a.topic.localeCompare(b.topic));
      });
      if (globalOptions(command).json) context.output.out(jsonDocument(listed));
      else context.output.out(table(['TOPIC', 'PARTITIONS'], listed.map((entry) => [entry.topic, entry.partitions])));
    });

  topics
    .command('describe <topic>')
    .description("a topic's partitions (leader, replicas, in-sync replicas, low and high offsets) and its configuration")
    .option('--all-configs', 'every effective setting with its source, not only the topic overrides', false)
    .action(async (topicName: string, options: { allConfigs: boolean }, command: Command) => {
      const description = await withKafka(cliSettings(command, context), context.output, async (session) =>
        describeTopic(session.admin, await session.resolveTopic(topicName), options.allConfigs),
      );
      context.output.out(globalOptions(command).json ? jsonDocument(description) : describeText(description));
    });
}

async function describeTopic(admin: KafkaAdmin, topic: string, allConfigs: boolean): Promise<TopicDescription> {
  const [{ topics: [metadata] }, { brokers }, extents, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: [topic] }),
    admin.describeCluster(),
    partitionExtents(admin, topic),
    describeTopicConfigs(admin, topic),
  ]);
  const address = (nodeId: number): string => {
    const broker = brokers.find((candidate) => candidate.nodeId === nodeId);
    return broker ? `${nodeId} (${broker.host}:${broker.port})` : nodeId < 0 ? 'none' : String(nodeId);
  };
  return {
    topic,
    partitions: [...(metadata?.partitions ?? [])]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((partition) => {
        const extent = extents.find((candidate) => candidate.partition === partition.partitionId);
        return {
          partition: partition.partitionId,
          leader: address(partition.leader),
          replicas: partition.replicas,
          isr: partition.isr,
          low: String(extent?.low ?? '-'),
          high: String(extent?.high ?? '-'),
        };
      }),
    configs: configs
      .filter((entry) => allConfigs || entry.setOnTopic)
      .map(({ name, value, source }) => ({ name, value, source }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function describeText(description: TopicDescription): string {
  const partitions = table(
    ['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOW', 'HIGH'],
    description.partitions.map((p) => [p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.low, p.high]),
  );
  const configs =
    description.configs.length === 0
      ? 'configs: none set on the topic (broker defaults)\n'
      : `configs:\n${table(['NAME', 'VALUE', 'SOURCE'], description.configs.map((c) => [c.name, c.value ?? '(sensitive)', c.source]))
          .split('\n')
          .map((line) => (line === '' ? line : `  ${line}`))
          .join('\n')}`;
  return `topic: ${description.topic}\npartitions: ${description.partitions.length}\n${partitions}${configs}`;
}
