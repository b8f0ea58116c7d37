import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import {
  collectCoordinates,
  collectPartitions,
  parseBrokersOption,
  parseDatabaseUrl,
  parsePosition,
  parsePositiveInteger,
  parseResetTarget,
  parseTimestamp,
  parseUntil,
} from '../../../cli/arguments';

describe('parseTimestamp', () => {
  it.each([
    ['2025-01-31T12:00:00Z', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T12:00:00.123Z', '2025-01-31T12:00:00.123Z'],
    ['2025-01-31T14:00:00+02:00', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T14:00+0200', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31 12:00', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T12:00:00', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %s as %s (no zone means UTC)', (raw, iso) => {
    expect(new Date(parseTimestamp(raw)).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2025-1-31', '2025-13-01', '2025-02-30', '2023-02-29', '2025-01-31T24:00:00Z', '2025-01-31T12:60Z', '1738324800000'])(
    'rejects %s with a message naming the value',
    (raw) => {
      expect(() => parseTimestamp(raw)).toThrow(InvalidArgumentError);
      expect(() => parseTimestamp(raw)).toThrow(`"${raw}"`);
    },
  );
});

describe('parsePosition', () => {
  it('knows earliest, latest, offsets and timestamps', () => {
    expect(parsePosition('earliest')).toEqual({ kind: 'earliest' });
    expect(parsePosition('beginning')).toEqual({ kind: 'earliest' });
    expect(parsePosition('latest')).toEqual({ kind: 'latest' });
    expect(parsePosition('42')).toEqual({ kind: 'offset', offset: 42n });
    expect(parsePosition('9007199254740993')).toEqual({ kind: 'offset', offset: 9007199254740993n });
    expect(parsePosition('2025-01-31T12:00:00Z')).toEqual({ kind: 'timestamp', ms: Date.UTC(2025, 0, 31, 12) });
  });

  it('rejects negative offsets and anything else, saying what it expected', () => {
    expect(() => parsePosition('-5')).toThrow('offsets are 0 or more');
    expect(() => parsePosition('soon')).toThrow(/bad position "soon": expected earliest, latest, an offset or an ISO 8601 timestamp/);
  });

  it('--to of offsets reset and --until of replay accept only what makes sense there', () => {
    expect(parseResetTarget('earliest')).toEqual({ kind: 'earliest' });
    expect(() => parseResetTarget('12')).toThrow('expected earliest, latest or an ISO 8601 timestamp');
    expect(parseUntil('12')).toEqual({ kind: 'offset', offset: 12n });
    expect(() => parseUntil('latest')).toThrow('expected an offset or an ISO 8601 timestamp');
  });
});

describe('list and number options', () => {
  it('collects partitions from repeated and comma-separated values', () => {
    expect(collectPartitions('3', collectPartitions('0,1', undefined))).toEqual([0, 1, 3]);
    expect(() => collectPartitions('a', undefined)).toThrow('expected an integer 0 or more, got "a"');
  });

  it('collects <partition>:<offset> coordinates, the partition being optional', () => {
    expect(collectCoordinates('1:7,12', undefined)).toEqual([
      { partition: 1, offset: 7n },
      { partition: undefined, offset: 12n },
    ]);
    expect(() => collectCoordinates('1:x', undefined)).toThrow('expected <partition>:<offset> or <offset>, got "1:x"');
  });

  it('wants a positive --limit', () => {
    expect(parsePositiveInteger('5')).toBe(5);
    expect(() => parsePositiveInteger('0')).toThrow('expected an integer 1 or more');
  });
});

describe('connection flags', () => {
  it('--brokers uses the KAFKA_BROKERS syntax and names the flag', () => {
    expect(parseBrokersOption('localhost:9092,10.0.0.2:9093')).toEqual(['localhost:9092', '10.0.0.2:9093']);
    expect(() => parseBrokersOption('localhost')).toThrow(InvalidArgumentError);
    expect(() => parseBrokersOption('localhost')).toThrow('--brokers: expected host:port');
  });

  it('--database-url must be a postgres URL', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/eventline')).toBe('postgres://u:p@db:5432/eventline');
    expect(() => parseDatabaseUrl('mysql://db/x')).toThrow('expected a postgres:// URL');
    expect(() => parseDatabaseUrl('not a url')).toThrow('not a valid URL');
  });
});
