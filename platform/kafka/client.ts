/**
 * One place that builds kafkajs clients, so every service logs Kafka through pino, uses the
 * same retry defaults, transport security (security.ts) and the Java-compatible partitioner
 * (co-partitioned topics put a key on the same partition number everywhere).
 */
import { Kafka, logLevel, type ISocketFactory, type LogEntry, type ProducerConfig, type RetryOptions } from 'kafkajs';
import type { KafkaSecurity } from '../config';
import type { Logger } from '../logger';
import { collapsingRepeats } from '../repeated-lines';
import type { KafkaClient, KafkaProducer } from './interfaces';
import { kafkaSecurityOptions, PLAINTEXT } from './security';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** kafkajs's 300 ms first retry is slow for a broker on the same host or network. */
export const KAFKA_RETRY: RetryOptions = { initialRetryTime: 50, maxRetryTime: 5_000, retries: 8 };

/**
 * Produce retries start after 5 ms, not KAFKA_RETRY's 50, and never give up (see
 * createIdempotentProducer). A transaction begun right after the previous commit meets
 * CONCURRENT_TRANSACTIONS while the broker still writes the commit markers; the kafkajs patch
 * retries that one case itself, from 1 ms (patches/), which halved back-to-back transactions.
 */
const PRODUCER_RETRY: RetryOptions = { ...KAFKA_RETRY, initialRetryTime: 5, retries: Number.MAX_SAFE_INTEGER };

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The level an entry of kafkajs's log gets in ours. kafkajs logs at ERROR every request that
 * failed and every retry of a send, also when the retry succeeds a moment later, e.g. a fresh
 * topic's partition not yet served, or a transaction begun while the previous commit's markers
 * are still being written (routine under load). Whoever made the request reports a failure
 * that matters, so the per-request entries go to debug and retried sends to warn.
 */
export function kafkajsLogLevel(level: logLevel, message: string): 'error' | 'warn' | 'info' | 'debug' {
  const mapped = LEVELS[level] ?? 'info';
  if (mapped !== 'error') return mapped;
  if (message.startsWith('Response ')) return 'debug';
  if (message.startsWith('Failed to send messages: ')) return message.includes('concurrent operation on the same transaction') ? 'debug' : 'warn';
  return mapped;
}

/** kafkajs's own factory (not exported by kafkajs; the version is pinned, see patches/). */
const kafkajsSocketFactory = (require('kafkajs/src/network/socketFactory') as () => ISocketFactory)();

/**
 * kafkajs's socket factory plus TCP_NODELAY: kafkajs leaves Nagle's algorithm on, so a small
 * request written while an earlier one on the same connection is not yet acknowledged waits
 * for that acknowledgement (the broker's side already disables Nagle).
 */
export const noDelaySocketFactory: ISocketFactory = (options) => kafkajsSocketFactory(options).setNoDelay(true);

/** A kafkajs client; `security` is the config's `kafkaSecurity` (TLS, SASL), plaintext when not given. */
export function createKafka(brokers: readonly string[], clientId: string, logger: Logger, security: KafkaSecurity = PLAINTEXT): KafkaClient {
  const write = collapsingRepeats(logger.child({ component: 'kafkajs' }));
  return new Kafka({
    clientId,
    brokers: [...brokers],
    ...kafkaSecurityOptions(security),
    retry: KAFKA_RETRY,
    connectionTimeout: 5_000,
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        write(kafkajsLogLevel(level, message), rest, message);
      },
  });
}

/**
 * An idempotent producer (acks=-1 is forced by kafkajs). It retries retriable errors without a
 * count limit (backoff capped by KAFKA_RETRY.maxRetryTime): giving up on a sequence number and
 * sending the next one is what breaks idempotence, and kafkajs warns when retries are capped.
 * Callers bound the wait themselves (command timeout, transaction timeout, shutdown).
 */
export function createIdempotentProducer(kafka: KafkaClient, config: Omit<ProducerConfig, 'idempotent' | 'retry'> = {}): KafkaProducer {
  return kafka.producer({ maxInFlightRequests: 1, ...config, idempotent: true, retry: PRODUCER_RETRY });
}

/** What a short-lived tool's client (the CLI, the launcher's readiness probe) is built from. */
export interface ToolKafkaOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** TLS and SASL as the services use them; plaintext when not given. */
  readonly security?: KafkaSecurity;
  readonly connectionTimeout?: number;
  readonly requestTimeout?: number;
  readonly retry?: RetryOptions;
  /** Receives the client's warnings and errors; without it the client logs nothing. */
  readonly log?: (namespace: string, message: string) => void;
}

/**
 * A client for a tool that wants an answer rather than patience: its own timeouts and
 * retries (createKafka's are for services outliving a broker restart), logging only where
 * told, since its output is for a person at a prompt.
 */
export function createToolKafka({ clientId, brokers, security = PLAINTEXT, connectionTimeout, requestTimeout, retry, log }: ToolKafkaOptions): KafkaClient {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    ...kafkaSecurityOptions(security),
    ...(connectionTimeout === undefined ? {} : { connectionTimeout }),
    ...(requestTimeout === undefined ? {} : { requestTimeout }),
    ...(retry === undefined ? {} : { retry }),
    logLevel: log === undefined ? logLevel.NOTHING : logLevel.WARN,
    ...(log === undefined ? {} : { logCreator: () => (entry: LogEntry) => log(entry.namespace, entry.log.message) }),
  });
}
