/** Kafka client errors as Eventline's typed errors, for tools that report them to a person. */
import { KafkaJSBrokerNotFound, KafkaJSConnectionError, KafkaJSError, KafkaJSNumberOfRetriesExceeded, KafkaJSRequestTimeoutError } from 'kafkajs';
import { EventlineError, UnavailableError, toEventlineError } from '../errors';

/** An EventlineError for anything a Kafka call threw: unreachable brokers become UnavailableError. */
export function kafkaFailure(error: unknown, brokers: readonly string[]): EventlineError {
  if (error instanceof EventlineError) return error;
  const root = error instanceof KafkaJSNumberOfRetriesExceeded && error.cause instanceof Error ? error.cause : error;
  const unreachable =
    root instanceof KafkaJSConnectionError || root instanceof KafkaJSRequestTimeoutError || root instanceof KafkaJSBrokerNotFound;
  if (unreachable) {
    return new UnavailableError(`cannot reach Kafka at ${brokers.join(',')}: ${(root as Error).message}`, { cause: error, context: { brokers } });
  }
  if (error instanceof KafkaJSError) return toEventlineError(new Error(`Kafka: ${error.message}`, { cause: error }));
  return toEventlineError(error);
}
