/**
 * patches/kafkajs+2.2.4.patch: in V8 11 an object spread followed by new properties
 * (`{ ...message, offsetDelta }`) costs microseconds per object, and kafkajs built one per
 * produced record and one per consumed header. The patched produce request hands Record the
 * fields it reads by name, and the record decoder defines headers in place, as own properties
 * only. These tests drive the installed modules: a produced message is read field by field,
 * never spread (which fails when the patch was not applied), and consumed headers keep their
 * values whatever their names.
 */

// kafkajs ships no types for its internals.
/* eslint-disable @typescript-eslint/no-require-imports */
const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (request: object) => { encode(): Promise<{ buffer: Buffer }> };
const Long = require('kafkajs/src/utils/long') as { fromValue(value: bigint | number): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch(batch: object): Promise<{ buffer: Buffer }> };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{ records: { headers: Record<string, unknown> }[] }>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe('kafkajs record objects (patched)', () => {
  it('encodes a produced message by reading its fields, not by spreading it', async () => {
    let enumerated = 0;
    const message = new Proxy(
      { key: Buffer.from('order-1'), value: Buffer.from('payload'), partition: 0, headers: { 'eventline-type': 'OrderPlaced' } },
      {
        ownKeys(target) {
          enumerated += 1;
          return Reflect.ownKeys(target);
        },
      },
    );
    const request = produceRequest({ acks: -1, timeout: 1_000, topicData: [{ topic: 'orders.events', partitions: [{ partition: 0, firstSequence: 0, messages: [message] }] }] });
    const { buffer } = await request.encode();

    expect(buffer.includes(Buffer.from('payload'))).toBe(true);
    expect(buffer.includes(Buffer.from('OrderPlaced'))).toBe(true);
    expect(enumerated).toBe(0);
  });

  it('decodes headers as own properties, repeated ones as an array, whatever their names', async () => {
    const record = Record({
      offsetDelta: 0,
      timestampDelta: Long.fromValue(0),
      key: Buffer.from('k'),
      value: Buffer.from('v'),
      headers: { constructor: 'c', toString: 't', ['__proto__']: 'p', repeated: ['a', 'b'] },
    });
    const { buffer } = await RecordBatch({ firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, records: [record], lastOffsetDelta: 0 });
    const [decoded] = (await decodeRecordBatch(new Decoder(Buffer.from(buffer)))).records;
    const headers = decoded!.headers;

    expect(Object.keys(headers)).toEqual(['constructor', 'toString', '__proto__', 'repeated']);
    expect(Object.getOwnPropertyDescriptor(headers, 'constructor')?.value).toEqual(Buffer.from('c'));
    expect(Object.getOwnPropertyDescriptor(headers, 'toString')?.value).toEqual(Buffer.from('t'));
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toEqual(Buffer.from('p'));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(headers.repeated).toEqual([Buffer.from('a'), Buffer.from('b')]);
  });
});
