/**
 * patches/kafkajs+2.2.4.patch: kafkajs writes each produced record into an encoder sized for it
 * (headers read and written in place, not an object and an encoder each; small varlongs without
 * Long objects), a record batch into one encoder sized for it (its header written in front of
 * the body, not copied around it), and computes its CRC-32C eight bytes at a time. These tests
 * drive the installed modules: the bytes are kafkajs 2.2.4's own, byte for byte; the CRC is
 * CRC-32C; and the buffers allocated per record and per batch are counted, which fails when
 * the patch was not applied.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';

// kafkajs ships no types for its internals.
/* eslint-disable @typescript-eslint/no-require-imports */
const Long = require('kafkajs/src/utils/long') as { fromValue(value: bigint | number): unknown; fromInt(value: number): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as ((record: object) => unknown) & { RecordWriter: new (record: object) => unknown };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch(batch: object): Promise<{ buffer: Buffer }> };
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buffer: Buffer) => number;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Records with every shape a field can take: null key, string value, tombstone, repeated and empty headers, long and negative deltas. */
const recordFields = () =>
  [
    { offsetDelta: 0, timestampDelta: 0, key: Buffer.from('order-1'), value: Buffer.alloc(300, 7), headers: { 'eventline-type': 'OrderPlaced' } },
    { offsetDelta: 1, timestampDelta: 1500, key: null, value: 'text value', headers: { a: ['x', 'y'], b: Buffer.from([1, 2]) } },
    { offsetDelta: 2, timestampDelta: 5_000_000_000, key: 'k3', value: null },
    { offsetDelta: 3, timestampDelta: -7, key: Buffer.alloc(0), value: Buffer.alloc(20_000, 3), headers: {} },
  ];
const records = () => recordFields().map(Record);

const batch = (encoded: unknown[]) =>
  RecordBatch({ firstOffset: Long.fromInt(0), firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_005_000_000, records: encoded, lastOffsetDelta: encoded.length - 1, producerId: Long.fromValue(7), producerEpoch: 1, firstSequence: 3, transactional: true });

/** CRC-32C one bit at a time (reflected polynomial 0x82f63b78): the definition, to check the tables against. */
function bitwiseCrc32C(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function countAllocations<T>(run: () => T): { result: T; buffers: number; longs: number } {
  const allocations = [jest.spyOn(Buffer, 'alloc'), jest.spyOn(Buffer, 'allocUnsafe')];
  const fromValue = jest.spyOn(Long, 'fromValue');
  try {
    const result = run();
    return { result, buffers: allocations.reduce((sum, spy) => sum + spy.mock.calls.length, 0), longs: fromValue.mock.calls.length };
  } finally {
    allocations.forEach((spy) => spy.mockRestore());
    fromValue.mockRestore();
  }
}

describe('kafkajs record batch encoding (patched)', () => {
  it('writes the bytes kafkajs 2.2.4 wrote', async () => {
    const { buffer } = await batch(records());
    // Length and SHA-256 of what the unpatched kafkajs 2.2.4 encodes for the same batch.
    expect(buffer.length).toBe(20_459);
    expect(createHash('sha256').update(buffer).digest('hex')).toBe('17b278de31a0e928810bb85a523838a695adb6caf10619e0d67f04bb5ff68980');
  });

  it('writes the same batch from records that write themselves into it (as a produce request does)', async () => {
    const { buffer } = await batch(recordFields().map((fields) => new Record.RecordWriter(fields)));
    expect(buffer).toEqual((await batch(records())).buffer);
  });

  it('computes CRC-32C', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32C(Buffer.from(bytes)) === bitwiseCrc32C(Buffer.from(bytes))));
  });

  it('allocates one buffer per record and no Long for a small timestamp delta', () => {
    const fields = { offsetDelta: 5, timestampDelta: 12, key: Buffer.from('order-1'), value: Buffer.alloc(900, 1), headers: { 'eventline-type': 'OrderPlaced', other: 'x' } };
    const { buffers, longs } = countAllocations(() => Record(fields));
    expect(buffers).toBe(1);
    expect(longs).toBe(0);
  });

  it('allocates one buffer per batch, whatever its size', async () => {
    const encoded = Array.from({ length: 2_000 }, (_, index) => Record({ offsetDelta: index, timestampDelta: 0, key: Buffer.from(`order-${index}`), value: Buffer.alloc(200, 1) }));
    const { result, buffers } = countAllocations(() => batch(encoded));
    await result;
    expect(buffers).toBe(1);
  });
});
