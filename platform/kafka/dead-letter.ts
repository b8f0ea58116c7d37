/**
 * Dead letters: a record a consumer cannot use is copied, bytes unchanged, to a dead-letter
 * topic with the reason and its source coordinates in headers; the consumer moves on.
 * `eventline dlq` reads these headers back.
 */
import type { ConsumedRecord, ProducedRecord, RecordHeaders } from './records';
import { toEventlineError } from '../errors';

export const DEAD_LETTER_HEADERS = {
  error: 'eventline-dlq-error',
  code: 'eventline-dlq-code',
  consumer: 'eventline-dlq-consumer',
  sourceTopic: 'eventline-dlq-source-topic',
  sourcePartition: 'eventline-dlq-source-partition',
  sourceOffset: 'eventline-dlq-source-offset',
  failedAt: 'eventline-dlq-failed-at',
} as const;

export interface DeadLetterSource {
  topic: string;
  partition: number;
  message: ConsumedRecord;
}

/** Dead letters this process made, per source topic (its published status shows them). */
export interface DeadLettersMade {
  count: number;
  newestError: string;
  newestAt: string;
}

const made = new Map<string, DeadLettersMade>();

export function deadLettersMade(): ReadonlyMap<string, Readonly<DeadLettersMade>> {
  return made;
}

export function deadLetter(source: DeadLetterSource, error: unknown, consumer: string): ProducedRecord {
  const failure = toEventlineError(error);
  const newestAt = new Date().toISOString();
  const seen = made.get(source.topic);
  if (seen === undefined) made.set(source.topic, { count: 1, newestError: failure.message, newestAt });
  else Object.assign(seen, { count: seen.count + 1, newestError: failure.message, newestAt });
  const headers: RecordHeaders = {
    ...source.message.headers,
    [DEAD_LETTER_HEADERS.error]: failure.message,
    [DEAD_LETTER_HEADERS.code]: failure.code,
    [DEAD_LETTER_HEADERS.consumer]: consumer,
    [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: source.message.offset,
    [DEAD_LETTER_HEADERS.failedAt]: newestAt,
  };
  return { key: source.message.key, value: source.message.value, headers };
}
