/**
 * The CLI's Kafka connection. Unlike the services (platform/kafka/client.ts), which retry for
 * a while because a broker may be restarting under them, an operator at a prompt wants an
 * answer: a short connection timeout, two quick retries, and a failure that names the
 * address it tried. TLS and SASL are the services' (platform/kafka/security.ts, from the same
 * variables). The Kafka client's own logs are shown only with --verbose.
 */
import { randomUUID } from 'node:crypto';
import { createToolKafka, kafkaFailure, securityFailure, type KafkaAdmin, type KafkaClient } from '../platform/kafka';
import type { CliOutput } from './context';
import { requireBrokers, type CliSettings } from './settings';
import { resolveDeadLetterTopicName, resolveTopicName } from './topic-name';

const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 15_000;
const RETRY = { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 };

export class KafkaSession {
  private constructor(
    readonly kafka: KafkaClient,
    readonly admin: KafkaAdmin,
    readonly settings: CliSettings,
    readonly brokers: readonly string[],
  ) {}

  static async open(settings: CliSettings, output: CliOutput): Promise<KafkaSession> {
    const brokers = requireBrokers(settings);
    const kafka = createToolKafka({
      clientId: `${settings.clientId}-cli`,
      brokers,
      security: settings.kafkaSecurity,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      retry: RETRY,
      ...(settings.verbose ? { log: (namespace: string, message: string) => output.err(`kafkajs ${namespace}: ${message}\n`) } : {}),
    });
    const admin = kafka.admin({ retry: RETRY });
    try {
      await admin.connect();
    } catch (error) {
      throw securityFailure(error, settings.kafkaSecurity) ?? kafkaFailure(error, brokers);
    }
    return new KafkaSession(kafka, admin, settings, brokers);
  }

  /** The full name of an existing topic given with or without TOPIC_PREFIX. */
  async resolveTopic(name: string): Promise<string> {
    return resolveTopicName(name, this.settings.topicPrefix, new Set(await this.admin.listTopics()));
  }

  /** The full name of a dead-letter topic, given as a topic name or as its domain (`orders`). */
  async resolveDeadLetterTopic(name: string): Promise<string> {
    return resolveDeadLetterTopicName(name, this.settings.topicPrefix, new Set(await this.admin.listTopics()));
  }

  /** A consumer group id of its own for one read; it never commits, so Kafka forgets it. */
  throwawayGroupId(purpose: string): string {
    return `${this.settings.clientId}-cli-${purpose}-${randomUUID()}`;
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}

/** Runs `work` with a connected session and always disconnects; Kafka failures name the brokers. */
export async function withKafka<T>(settings: CliSettings, output: CliOutput, work: (session: KafkaSession) => Promise<T>): Promise<T> {
  const session = await KafkaSession.open(settings, output);
  try {
    return await work(session);
  } catch (error) {
    throw kafkaFailure(error, session.brokers);
  } finally {
    await session.close();
  }
}
