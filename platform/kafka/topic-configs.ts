/** A topic's configuration as the broker describes it, in plain values. */
import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import type { KafkaAdmin } from './interfaces';

export interface TopicConfig {
  readonly name: string;
  /** Null for a sensitive value (the broker does not say it). */
  readonly value: string | null;
  /** Where the value comes from, e.g. `TOPIC_CONFIG`, `DEFAULT_CONFIG`. */
  readonly source: string;
  /** Set on the topic itself rather than inherited from the broker. */
  readonly setOnTopic: boolean;
}

export async function describeTopicConfigs(admin: KafkaAdmin, topic: string): Promise<TopicConfig[]> {
  const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  return resources
    .flatMap((resource) => resource.configEntries)
    .map((entry) => ({
      name: entry.configName,
      value: entry.isSensitive ? null : entry.configValue,
      source: sourceName(entry.configSource),
      setOnTopic: entry.configSource === ConfigSource.TOPIC_CONFIG,
    }));
}

/** kafkajs's ConfigSource is a plain object at runtime (no reverse mapping like a TS enum). */
function sourceName(source: ConfigSource): string {
  return Object.entries(ConfigSource).find(([, value]) => value === source)?.[0] ?? 'UNKNOWN';
}
