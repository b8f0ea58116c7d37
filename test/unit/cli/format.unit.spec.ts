import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import { jsonDocument, jsonLine, toJson } from '../../../cli/format/json';
import { headerStrings, recordView } from '../../../cli/format/record';
import { table } from '../../../cli/format/table';
import { lagOf, noteOf } from '../../../cli/lag';
import { createCodec } from '../../../schemas';

const codec = createCodec();

function message(value: Buffer | null, overrides: Partial<KafkaMessage> = {}): KafkaMessage {
  return { key: Buffer.from('order-1'), value, offset: '7', timestamp: String(Date.UTC(2025, 0, 1, 12)), attributes: 0, headers: { 'eventline-type': Buffer.from('OrderPaid') }, ...overrides } as KafkaMessage;
}

const paid = {
  aggregateId: 'order-1',
  version: 2,
  commandId: 'c-1',
  userId: 'alice',
  occurredAt: new Date(Date.UTC(2025, 0, 1, 11, 59)),
  data: { storeId: 'store-1', amountCents: 500, currency: 'EUR' },
};

describe('toJson', () => {
  it('writes Dates as ISO strings, bigints as decimal strings and Buffers as base64', () => {
    expect(toJson({ at: new Date(0), offset: 12n, bytes: Buffer.from([1, 2, 3]), nested: [{ n: 1n }] })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z","offset":"12","bytes":"AQID","nested":[{"n":"1"}]}',
    );
    expect(jsonLine({ a: 1 })).toBe('{"a":1}\n');
    expect(jsonDocument({ a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
});

describe('recordView', () => {
  it('decodes a record with the schema that wrote it', () => {
    const view = recordView('orders.events', 3, message(codec.encode('eventline.orders.OrderPaid', paid)), { codec });
    expect(JSON.parse(toJson(view))).toEqual({
      topic: 'orders.events',
      partition: 3,
      offset: '7',
      timestamp: '2025-01-01T12:00:00.000Z',
      key: 'order-1',
      headers: { 'eventline-type': 'OrderPaid' },
      schema: { id: 6, subject: 'eventline.orders.OrderPaid', version: 1 },
      value: { ...paid, occurredAt: '2025-01-01T11:59:00.000Z' },
    });
  });

  it('shows an undecodable record with an error instead of failing', () => {
    const view = recordView('orders.events', 0, message(Buffer.from('{"json":true}')), { codec });
    expect(view.error).toEqual({ code: 'SCHEMA_DECODE_FAILED', message: expect.stringContaining('wrong magic byte 123') });
    expect(view.value).toBeUndefined();
    expect(recordView('t', 0, message(Buffer.from([0, 0, 0, 0, 99, 1])), { codec }).error?.code).toBe('SCHEMA_UNKNOWN_ID');
  });

  it('shows the wire bytes with --raw, and null for a tombstone', () => {
    expect(recordView('t', 0, message(Buffer.from([0, 0, 0, 0, 6])), { codec, raw: 'hex' })).toMatchObject({ encoding: 'hex', value: '0000000006' });
    expect(recordView('t', 0, message(Buffer.from([255])), { codec, raw: 'base64' })).toMatchObject({ encoding: 'base64', value: '/w==' });
    expect(recordView('t', 0, message(null, { key: null }), { codec })).toMatchObject({ key: null, value: null });
  });

  it('turns header values into strings, keeping repeated headers as lists', () => {
    expect(headerStrings({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), '2'], d: undefined })).toEqual({ a: 'x', b: 'y', c: ['1', '2'] });
  });
});

describe('table', () => {
  it('aligns columns and shows missing values as -', () => {
    expect(table(['GROUP', 'LAG'], [['orders', 3], ['a-much-longer-group', null]])).toBe('GROUP                LAG\norders               3\na-much-longer-group  -\n');
  });
});

describe('lagOf', () => {
  it('is end minus committed, unknown without either, and never a made-up 0 for a position past the end', () => {
    expect(lagOf('40', '45')).toBe(5);
    expect(lagOf('45', '45')).toBe(0);
    expect(lagOf(null, '45')).toBeNull();
    expect(lagOf('40', null)).toBeNull();
    expect(lagOf('46', '45')).toBeNull();
  });

  it('explains a committed position past the end, and only that', () => {
    expect(noteOf('46', '45')).toMatch(/past the end/);
    expect(noteOf('45', '45')).toBeUndefined();
    expect(noteOf(null, '45')).toBeUndefined();
  });
});
