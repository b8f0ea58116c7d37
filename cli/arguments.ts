/**
 * Parsers for option and argument values. Each throws commander's InvalidArgumentError, which
 * commander reports as `error: option '--from <position>' argument 'x' is invalid. <why>` and
 * main.ts turns into exit code 2: a bad value is a usage error, caught before connecting.
 */
import { InvalidArgumentError } from 'commander';
import { parseBrokers } from '../platform/config';
import { ConfigError } from '../platform/errors';
import type { Position } from '../platform/kafka';

export type { Position };

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TIMESTAMP_EXAMPLE = 'expected an ISO 8601 timestamp such as 2025-01-31T12:00:00Z or 2025-01-31';

/**
 * Epoch milliseconds of an ISO 8601 date or date-time. A date-time without a zone is UTC (not
 * the machine's local time, which would make the same command mean different things on
 * different hosts); a date alone is UTC midnight.
 */
export function parseTimestamp(raw: string): number {
  const match = ISO_TIMESTAMP.exec(raw.trim());
  if (!match) throw new InvalidArgumentError(`bad timestamp "${raw}": ${TIMESTAMP_EXAMPLE}`);
  const [, year, month, day, hour, minute, second, zone] = match.map((part) => part ?? '');
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const valid =
    Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= daysInMonth &&
    (hour === '' || (Number(hour) < 24 && Number(minute) < 60 && (second === '' || Number(second) < 60)));
  const text = raw.trim().replace(' ', 'T');
  const ms = Date.parse(hour !== '' && zone === '' ? `${text}Z` : text);
  if (!valid || Number.isNaN(ms)) throw new InvalidArgumentError(`bad timestamp "${raw}": no such date or time`);
  return ms;
}

/** `earliest`, `latest`, an offset (0, 1, …) or an ISO 8601 timestamp. */
export function parsePosition(raw: string): Position {
  const value = raw.trim();
  if (value === 'earliest' || value === 'beginning') return { kind: 'earliest' };
  if (value === 'latest' || value === 'end') return { kind: 'latest' };
  if (/^\d+$/.test(value)) return { kind: 'offset', offset: BigInt(value) };
  if (/^-\d+$/.test(value)) throw new InvalidArgumentError(`bad position "${raw}": offsets are 0 or more`);
  try {
    return { kind: 'timestamp', ms: parseTimestamp(value) };
  } catch {
    throw new InvalidArgumentError(`bad position "${raw}": expected earliest, latest, an offset or an ISO 8601 timestamp (e.g. 2025-01-31T12:00:00Z)`);
  }
}

/** --to of `offsets reset`: a position that means the same in every partition, so not an offset. */
export function parseResetTarget(raw: string): Position {
  const position = parsePosition(raw);
  if (position.kind === 'offset') throw new InvalidArgumentError(`expected earliest, latest or an ISO 8601 timestamp, got "${raw}"`);
  return position;
}

/** --until of `replay`: an offset or a timestamp (`earliest` / `latest` make no sense there). */
export function parseUntil(raw: string): Position {
  const position = parsePosition(raw);
  if (position.kind !== 'offset' && position.kind !== 'timestamp') throw new InvalidArgumentError(`expected an offset or an ISO 8601 timestamp, got "${raw}"`);
  return position;
}

export function parseNonNegativeInteger(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) throw new InvalidArgumentError(`expected an integer 0 or more, got "${raw}"`);
  return Number(raw);
}

export function parsePositiveInteger(raw: string): number {
  const value = parseNonNegativeInteger(raw);
  if (value === 0) throw new InvalidArgumentError(`expected an integer 1 or more, got "${raw}"`);
  return value;
}

/** `--partition 0,2 --partition 3`: every value adds to the list. */
export function collectPartitions(raw: string, previous: readonly number[] | undefined): number[] {
  return [...(previous ?? []), ...raw.split(',').map((part) => parseNonNegativeInteger(part))];
}

/** A record's coordinates in a topic: `<partition>:<offset>`, or `<offset>` when the partition is left to the command. */
export interface Coordinate {
  readonly partition: number | undefined;
  readonly offset: bigint;
}

export function parseCoordinate(raw: string): Coordinate {
  const match = /^(?:(\d+):)?(\d+)$/.exec(raw.trim());
  if (!match) throw new InvalidArgumentError(`expected <partition>:<offset> or <offset>, got "${raw}"`);
  return { partition: match[1] === undefined ? undefined : Number(match[1]), offset: BigInt(match[2] as string) };
}

export function collectCoordinates(raw: string, previous: readonly Coordinate[] | undefined): Coordinate[] {
  return [...(previous ?? []), ...raw.split(',').map(parseCoordinate)];
}

/** --brokers: the same syntax as KAFKA_BROKERS, checked by the same parser. */
export function parseBrokersOption(raw: string): string[] {
  try {
    return parseBrokers(raw, '--brokers');
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

/** --database-url: a postgres:// or postgresql:// URL, as DATABASE_URL. */
export function parseDatabaseUrl(raw: string): string {
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new InvalidArgumentError(`not a valid URL: "${raw}"`);
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new InvalidArgumentError(`expected a postgres:// URL, got "${protocol}"`);
  return raw;
}
