import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError, EventlineError, InternalError, UnknownSchemaError } from '../../../platform/errors';
import { createCodec, loadCatalog, readSchemaId, type orders } from '../../../schemas';

const catalog = loadCatalog();
const codec = createCodec(catalog);

const SHIPPED = 'eventline.orders.OrderShipped';
const shipped: orders.OrderShipped = {
  aggregateId: 'order-1',
  version: 3,
  commandId: 'cmd-3',
  userId: 'user-1',
  occurredAt: new Date('2025-01-02T03:04:05.678Z'),
  data: { storeId: 'store-7', carrier: 'ups', trackingNumber: '1Z999' },
};

function framed(schemaId: number, payload: number[]): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('wire format', () => {
  it('frames Avro binary as 0x00, the big-endian schema id, then the record', () => {
    const bytes = codec.encode(SHIPPED, shipped);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(catalog.latest(SHIPPED).id);
    expect(catalog.latest(SHIPPED).type.fromBuffer(bytes.subarray(5))).toEqual(shipped);
  });

  it('keeps OrderShipped v1 bytes exactly as released', () => {
    // Golden bytes, checked against an independent Avro encoder: a change here means
    // consumers outside Eventline can no longer read what we write.
    const v1 = codec.encode(SHIPPED, shipped, { version: 1 });
    expect(v1.toString('hex')).toBe('00000000070e6f726465722d31060a636d642d330c757365722d31dc8cc3cf84650e73746f72652d3706757073');
  });

  it('encodes records larger than its initial scratch buffer', () => {
    const data = { ...shipped.data, carrier: 'x'.repeat(100_000) };
    const bytes = codec.encode(SHIPPED, { ...shipped, data });
    expect(codec.decode(bytes).value).toEqual({ ...shipped, data });
    expect(codec.decode(codec.encode(SHIPPED, shipped)).value).toEqual(shipped);
  });

  it('takes its schema ids from `schemaIds` when given, as a schema registry would', () => {
    const registryCodec = createCodec(catalog, { schemaIds: (version) => 1000 + version.id });
    const bytes = registryCodec.encode(SHIPPED, shipped);
    expect(readSchemaId(bytes)).toBe(1000 + catalog.latest(SHIPPED).id);
    expect(registryCodec.decode(bytes).value).toEqual(shipped);
    expect(() => registryCodec.decode(codec.encode(SHIPPED, shipped))).toThrow(UnknownSchemaError);
  });

  it('refuses an id map that gives two versions the same id', () => {
    expect(() => createCodec(catalog, { schemaIds: () => 1 })).toThrow(InternalError);
  });
});

describe('Avro maps', () => {
  const SNAPSHOT = 'eventline.chat.ChatRoomSnapshot';
  const snapshot = (messages: Record<string, { seq: number; author: string }>) => ({
    aggregateId: 'room-1',
    version: 3,
    state: { created: true, title: 'General', createdBy: 'alice', private: false, members: [], lastSeq: 2, messages },
    recentCommands: [],
    updatedAt: new Date('2025-01-02T03:04:05.678Z'),
  });

  it('decode to null-prototype objects, so a key named "__proto__" stays a key', () => {
    const messages: Record<string, { seq: number; author: string }> = Object.create(null);
    messages['__proto__'] = { seq: 1, author: 'bob' };
    messages['m2'] = { seq: 2, author: 'carol' };
    const decoded = codec.decode(codec.encode(SNAPSHOT, snapshot(messages))).value as ReturnType<typeof snapshot>;

    expect(Object.getPrototypeOf(decoded.state.messages)).toBeNull();
    expect(Object.keys(decoded.state.messages)).toEqual(['__proto__', 'm2']);
    expect(decoded.state.messages['__proto__']).toEqual({ seq: 1, author: 'bob' });
  });
});

describe('evolution: OrderShipped v1 -> v2 (trackingNumber added with default null)', () => {
  it('decodes v1 bytes as the latest version, with trackingNumber null', () => {
    const v1 = codec.encode(SHIPPED, shipped, { version: 1 });
    expect(readSchemaId(v1)).toBe(catalog.version(SHIPPED, 1).id);
    expect(codec.decode(v1)).toEqual({
      schemaId: catalog.version(SHIPPED, 1).id,
      subject: SHIPPED,
      version: 1,
      name: 'OrderShipped',
      value: { ...shipped, data: { ...shipped.data, trackingNumber: null } },
    });
  });

  it('lets a consumer that only knows v1 read v2 bytes (it ignores trackingNumber)', () => {
    const v1 = catalog.version(SHIPPED, 1).type;
    const v2 = catalog.version(SHIPPED, 2).type;
    const payload = codec.encode(SHIPPED, shipped).subarray(5);
    expect(v1.fromBuffer(payload, v1.createResolver(v2))).toEqual({ ...shipped, data: { storeId: 'store-7', carrier: 'ups' } });
  });
});

describe('typed failures', () => {
  it('UnknownSchemaError for a schema id the catalog does not know', () => {
    expect(() => codec.decode(framed(424242, [0]))).toThrow(UnknownSchemaError);
  });

  it('UnknownSchemaError for an unknown subject or version', () => {
    expect(() => codec.encode('eventline.orders.Nope', {})).toThrow(UnknownSchemaError);
    expect(() => codec.encode(SHIPPED, shipped, { version: 9 })).toThrow(UnknownSchemaError);
    expect(() => codec.validate('eventline.orders.Nope', {})).toThrow(UnknownSchemaError);
  });

  it('DecodeError for a wrong magic byte', () => {
    const bytes = codec.encode(SHIPPED, shipped);
    bytes[0] = 1;
    expect(() => codec.decode(bytes)).toThrow(DecodeError);
  });

  it('DecodeError for a record cut anywhere, header included', () => {
    const bytes = codec.encode(SHIPPED, shipped);
    for (let length = 0; length < bytes.length; length++) {
      expect(() => codec.decode(bytes.subarray(0, length))).toThrow(DecodeError);
    }
  });

  it('DecodeError for bytes left over after the record', () => {
    expect(() => codec.decode(Buffer.concat([codec.encode(SHIPPED, shipped), Buffer.from([0])]))).toThrow(DecodeError);
  });

  it('DecodeError, without allocating, for an array that claims billions of items', () => {
    const snapshotId = catalog.latest('eventline.orders.OrderSnapshot').id;
    // aggregateId "a", version 0, state {NONE, null, null, null, 0, 0}, then a 2^31-item block.
    const payload = [0x02, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10];
    expect(() => codec.decode(framed(snapshotId, payload))).toThrow(DecodeError);
  });

  it('only ever throws typed errors on arbitrary bytes after a valid header', () => {
    const ids = catalog.versions.map((version) => version.id);
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 64 }), (schemaId, payload) => {
        try {
          codec.decode(framed(schemaId, [...payload]));
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('only ever throws typed errors on corrupted valid records', () => {
    const bytes = codec.encode('eventline.orders.OrderSnapshot', {
      aggregateId: 'order-1',
      version: 2,
      state: { status: 'PAID', storeId: 's', customerId: 'c', currency: 'EUR', totalCents: 500, paidCents: 500 },
      recentCommands: [
        { commandId: 'c1', commandName: 'PlaceOrder', status: 'ACCEPTED', reason: null, version: 1, events: ['OrderPlaced'], eventsPartition: 0, firstEventOffset: 10, lastEventOffset: 10 },
      ],
      updatedAt: new Date(0),
    });
    fc.assert(
      fc.property(fc.integer({ min: 5, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), (position, byte) => {
        const corrupted = Buffer.from(bytes);
        corrupted[position] = byte;
        try {
          codec.decode(corrupted);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('InternalError naming each bad field when asked to encode an invalid record', () => {
    const bad = { ...shipped, version: 'three', data: { storeId: 's' } } as unknown as orders.OrderShipped;
    let thrown: unknown;
    try {
      codec.encode(SHIPPED, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InternalError);
    expect((thrown as EventlineError).context.issues).toEqual([
      expect.objectContaining({ path: 'version' }),
      expect.objectContaining({ path: 'data.carrier' }),
    ]);
  });

  it('refuses, rather than silently corrupts, longs and dates avsc cannot encode exactly', () => {
    expect(() => codec.encode(SHIPPED, { ...shipped, version: -(2 ** 52) - 1 })).toThrow(InternalError);
    expect(() => codec.encode(SHIPPED, { ...shipped, occurredAt: new Date(-(2 ** 52) - 1) })).toThrow(InternalError);
    expect(() => codec.encode(SHIPPED, { ...shipped, occurredAt: new Date(NaN) })).toThrow(InternalError);
  });
});
