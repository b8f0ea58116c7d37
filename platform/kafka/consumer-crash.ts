/**
 * What every long-lived consumer does when kafkajs reports a crash: log it, and when kafkajs
 * will not restart the consumer (`restart: false`), hand the error to `onFatal`. A consumer
 * that stopped for good must end its process, so that its supervisor starts another, rather
 * than leave a live process doing nothing.
 */
import type { KafkaConsumer } from './interfaces';
import type { Logger } from '../logger';

export interface CrashReport {
  readonly logger: Logger;
  /** The log line, e.g. `events consumer crashed`. */
  readonly message: string;
  /** Fields added to the line. */
  readonly context?: Readonly<Record<string, unknown>>;
  onFatal(error: Error): void;
}

export function reportCrashes(consumer: Pick<KafkaConsumer, 'on' | 'events'>, { logger, message, context, onFatal }: CrashReport): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error({ ...context, err: payload.error, restart: payload.restart }, message);
    if (!payload.restart) onFatal(payload.error);
  });
}
