/**
 * One place that builds kafkajs clients, so every service logs Kafka through pino, uses the
 * same retry defaults and the Java-compatible partitioner (co-partitioned topics put a key
 * on the same partition number everywhere).
 */
import { Kafka, logLevel, type LogEntry, type Producer, type ProducerConfig, type RetryOptions } from 'kafkajs';
import type { Logger } from '../logger';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Back-to-back transactions hit CONCURRENT_TRANSACTIONS; kafkajs's 300 ms first retry is too slow. */
export const KAFKA_RETRY: RetryOptions = { initialRetryTime: 50, maxRetryTime: 5_000, retries: 8 };

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(brokers: readonly string[], clientId: string, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...brokers],
    retry: KAFKA_RETRY,
    connectionTimeout: 5_000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        kafkaLogger[LEVELS[level] ?? 'info'](rest, message);
      },
  });
}

/**
 * An idempotent producer (acks=-1 is forced by kafkajs). It retries retriable errors without a
 * count limit (backoff capped by KAFKA_RETRY.maxRetryTime): giving up on a sequence number and
 * sending the next one is what breaks idempotence, and kafkajs warns when retries are capped.
 * Callers bound the wait themselves (command timeout, transaction timeout, shutdown).
 */
export function createIdempotentProducer(kafka: Kafka, config: Omit<ProducerConfig, 'idempotent' | 'retry'> = {}): Producer {
  return kafka.producer({ maxInFlightRequests: 1, ...config, idempotent: true, retry: { ...KAFKA_RETRY, retries: Number.MAX_SAFE_INTEGER } });
}
