/**
 * Dead letters as `eventline dlq` sees them: the record as it failed (bytes unchanged), why it
 * failed and where it came from, all read back from the headers platform/kafka/dead-letter.ts
 * wrote; and the message that puts it back on its source topic.
 */
import type { ConsumedRecord, ProducedRecord, RecordHeaders } from '../platform/kafka';
import { BadRequestError, NotFoundError } from '../platform/errors';
import { DEAD_LETTER_HEADERS } from '../platform/kafka';
import type { Coordinate } from './arguments';
import { headerStrings } from './format/record';

export interface DeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  readonly error: string | null;
  readonly code: string | null;
  readonly consumer: string | null;
  readonly failedAt: string | null;
  /** Null when the record carries no source headers (it was not written by deadLetter()). */
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string } | null;
  readonly message: ConsumedRecord;
}

export function deadLetterOf(partition: number, message: ConsumedRecord): DeadLetter {
  const headers = headerStrings(message.headers);
  const header = (name: string): string | null => {
    const value = headers[name];
    return value === undefined ? null : Array.isArray(value) ? (value[value.length - 1] ?? null) : value;
  };
  const sourceTopic = header(DEAD_LETTER_HEADERS.sourceTopic);
  const sourcePartition = header(DEAD_LETTER_HEADERS.sourcePartition);
  const sourceOffset = header(DEAD_LETTER_HEADERS.sourceOffset);
  return {
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: message.key === null ? null : message.key.toString('utf8'),
    error: header(DEAD_LETTER_HEADERS.error),
    code: header(DEAD_LETTER_HEADERS.code),
    consumer: header(DEAD_LETTER_HEADERS.consumer),
    failedAt: header(DEAD_LETTER_HEADERS.failedAt),
    source:
      sourceTopic !== null && sourcePartition !== null && /^\d+$/.test(sourcePartition) && sourceOffset !== null
        ? { topic: sourceTopic, partition: Number(sourcePartition), offset: sourceOffset }
        : null,
    message,
  };
}

/** The JSON shape of a dead letter (everything but the raw message). */
export function deadLetterJson({ message: _message, ...rest }: DeadLetter): Omit<DeadLetter, 'message'> {
  return rest;
}

const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(DEAD_LETTER_HEADERS));

export function withoutDeadLetterHeaders(headers: RecordHeaders | undefined): RecordHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !DEAD_LETTER_HEADER_NAMES.has(name)));
}

/**
 * The dead letters at `coordinates`, in the order given. A bare offset is accepted only when
 * the topic has a single partition (elsewhere it would be ambiguous).
 */
export function selectDeadLetters(topic: string, all: readonly DeadLetter[], coordinates: readonly Coordinate[], partitionCount: number): DeadLetter[] {
  return coordinates.map(({ partition, offset }) => {
    if (partition === undefined && partitionCount > 1) {
      throw new BadRequestError(`offset ${offset} is ambiguous: ${topic} has ${partitionCount} partitions; give it as <partition>:${offset}`);
    }
    const wanted = partition ?? 0;
    const found = all.find((letter) => letter.partition === wanted && BigInt(letter.offset) === offset);
    if (!found) throw new NotFoundError(`${topic} has no record at ${wanted}:${offset}`, { context: { topic, partition: wanted, offset: String(offset) } });
    return found;
  });
}

/** Where a dead letter goes back to: its source partition, original key, bytes and headers. */
export interface Replay {
  readonly letter: DeadLetter;
  readonly topic: string;
  readonly message: ProducedRecord & { partition: number };
}

export function replayOf(topic: string, letter: DeadLetter): Replay {
  if (letter.source === null) {
    throw new NotFoundError(`${topic} ${letter.partition}:${letter.offset} has no ${DEAD_LETTER_HEADERS.sourceTopic} / ${DEAD_LETTER_HEADERS.sourcePartition} headers: not a dead letter`);
  }
  const { message } = letter;
  return {
    letter,
    topic: letter.source.topic,
    message: { key: message.key, value: message.value, headers: withoutDeadLetterHeaders(message.headers), partition: letter.source.partition },
  };
}
