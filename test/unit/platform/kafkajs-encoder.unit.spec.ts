/**
 * patches/kafkajs+2.2.4.patch: kafkajs's protocol encoder writes varints in place and takes its
 * buffers unzeroed (`Buffer.allocUnsafe`), where it built a Buffer per varint and zero-filled
 * every buffer. These tests drive the installed module: the bytes must still be Kafka's
 * zigzag LEB128, a record batch must not carry whatever the reused memory held, and no
 * Buffer is made per varint (which fails when the patch was not applied). Short ASCII strings
 * are written a char code at a time: the bytes must still be the string's UTF-8.
 */
import fc from 'fast-check';

interface Encoder {
  writeVarInt(value: number): Encoder;
  writeVarIntString(value: string): Encoder;
  writeString(value: string): Encoder;
  writeVarLong(value: bigint): Encoder;
  readonly buffer: Buffer;
}
interface EncodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

// kafkajs ships no types for its internals.
/* eslint-disable @typescript-eslint/no-require-imports */
const EncoderClass = require('kafkajs/src/protocol/encoder') as new () => Encoder;
const Long = require('kafkajs/src/utils/long') as { fromValue(value: bigint | number): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch(batch: object): Promise<{ buffer: Buffer }> };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{ records: EncodedRecord[] }>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Kafka's varint / varlong: zigzag, then 7 bits per byte, least significant first. */
function zigzagLeb128(value: bigint, bits: 32 | 64): Buffer {
  let unsigned = BigInt.asUintN(bits, (value << 1n) ^ (value >> BigInt(bits - 1)));
  const bytes: number[] = [];
  while (unsigned >= 0x80n) {
    bytes.push(Number(unsigned & 0x7fn) | 0x80);
    unsigned >>= 7n;
  }
  bytes.push(Number(unsigned));
  return Buffer.from(bytes);
}

/** Fills the Buffer pool's free space with `byte`, so the next pooled allocations start out holding it. */
function soilBufferPool(byte: number): void {
  for (let i = 0; i < 64; i += 1) Buffer.allocUnsafe(1024).fill(byte);
}

async function encodeBatch(): Promise<Buffer> {
  const records = Array.from({ length: 20 }, (_, index) =>
    Record({
      offsetDelta: index,
      timestampDelta: Long.fromValue(index * 1_000),
      key: Buffer.from(`room-${index}`),
      value: Buffer.alloc(index * 97, index),
      headers: index % 2 === 0 ? { 'eventline-type': 'MessagePosted' } : {},
    }),
  );
  const { buffer } = await RecordBatch({ firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_019_000, records, lastOffsetDelta: 19, producerId: Long.fromValue(7), producerEpoch: 1, firstSequence: 3, transactional: true });
  return Buffer.from(buffer);
}

describe('kafkajs protocol encoder (patched)', () => {
  it('writes 32-bit varints as zigzag LEB128', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (value) => {
        expect(new EncoderClass().writeVarInt(value).buffer).toEqual(zigzagLeb128(BigInt(value), 32));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes 64-bit varlongs as zigzag LEB128, extremes included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n))), (value) => {
        expect(new EncoderClass().writeVarLong(value).buffer).toEqual(zigzagLeb128(value, 64));
      }),
      { numRuns: 2_000 },
    );
  });

  it('encodes a record batch to the same bytes whatever its reused memory held, and they decode back', async () => {
    soilBufferPool(0xff);
    const overDirty = await encodeBatch();
    soilBufferPool(0x00);
    const overClean = await encodeBatch();
    expect(overDirty).toEqual(overClean);

    const { records } = await decodeRecordBatch(new Decoder(overDirty));
    expect(records).toHaveLength(20);
    records.forEach((record, index) => {
      expect(record.key?.toString()).toBe(`room-${index}`);
      expect(record.value).toEqual(Buffer.alloc(index * 97, index));
      expect(Object.keys(record.headers)).toEqual(index % 2 === 0 ? ['eventline-type'] : []);
    });
  });

  it('makes no Buffer per varint', () => {
    const from = jest.spyOn(Buffer, 'from');
    try {
      const encoder = new EncoderClass();
      for (let value = -500; value < 500; value += 1) encoder.writeVarInt(value * 40_503).writeVarLong(BigInt(value) * 9_007_199_254_740_993n);
      expect(from).not.toHaveBeenCalled();
    } finally {
      from.mockRestore();
    }
  });

  it("writes every string as its UTF-8, ASCII or not, short or long", () => {
    const strings = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('a'.repeat(64), 'a'.repeat(65), 'é', '\ud800', 'ce_time'));
    fc.assert(
      fc.property(strings, (text) => {
        const utf8 = Buffer.from(text, 'utf8');
        const written = new EncoderClass().writeVarIntString(text).writeString(text).buffer;
        const varint = new EncoderClass().writeVarInt(utf8.length).buffer;
        const int16 = Buffer.alloc(2);
        int16.writeInt16BE(utf8.length);
        expect(written).toEqual(Buffer.concat([varint, utf8, int16, utf8]));
      }),
    );
  });
});
