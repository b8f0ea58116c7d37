/**
 * patches/kafkajs+2.2.4.patch: a produce request is encoded into one buffer of its exact size,
 * each record batch copied into it once, instead of through an encoder per partition, per topic
 * and two more for the request, each growing by doubling; and each record is written straight
 * into its batch, not into an encoder of its own first. These tests drive the installed
 * modules: the bytes are kafkajs 2.2.4's own, byte for byte, and the buffers allocated beyond
 * the records' and batches' own are counted, which fails when the patch was not applied.
 */
import { createHash } from 'node:crypto';

// kafkajs ships no types for its internals.
/* eslint-disable @typescript-eslint/no-require-imports */
const Long = require('kafkajs/src/utils/long') as { fromValue(value: number): unknown };
const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (request: object) => object;
const encodeRequest = require('kafkajs/src/protocol/request') as (request: object) => Promise<{ buffer: Buffer }>;
/* eslint-enable @typescript-eslint/no-require-imports */

const messages = (count: number, from: number) =>
  Array.from({ length: count }, (_, index) => ({
    key: `order-${from + index}`,
    value: Buffer.alloc(150, index % 256),
    headers: { 'eventline-type': 'OrderPlaced', ce_id: `order-${from + index}/1` },
  }));

/** A transaction's request: two topics, one of them with two partitions, half a megabyte in all. */
const request = (compression = 0) => encode(produce(compression));

const encode = (produce: object) => encodeRequest({ correlationId: 42, clientId: 'eventline', request: produce });

const produce = (compression: number) =>
  produceRequest({
    acks: -1,
    timeout: 30_000,
    compression,
    transactionalId: 'app-command-handler-orders.commands-0',
    producerId: Long.fromValue(7),
    producerEpoch: 1,
    topicData: [
      { topic: 'orders.events', partitions: [{ partition: 0, firstSequence: 3, messages: messages(1_500, 0) }, { partition: 2, firstSequence: 0, messages: messages(2, 9_000) }] },
      { topic: 'orders.outcomes', partitions: [{ partition: 0, firstSequence: 11, messages: messages(1_000, 5_000) }] },
    ],
  });

describe('kafkajs produce request encoding (patched)', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000));
  afterEach(() => jest.restoreAllMocks());

  it('writes the bytes kafkajs 2.2.4 wrote', async () => {
    const { buffer } = await request();
    // Length and SHA-256 of what the unpatched kafkajs 2.2.4 encodes for the same request.
    expect(buffer.length).toBe(538_401);
    expect(createHash('sha256').update(buffer).digest('hex')).toBe('7b840fba2ae35b620626541b800d9dabc5df80421c04496e0ff33900e30294af');
  });

  it('allocates one buffer per partition and two for the request (its payload, then with its header), none per record', async () => {
    const unencoded = produce(0);
    const allocations = [jest.spyOn(Buffer, 'alloc'), jest.spyOn(Buffer, 'allocUnsafe')];
    await encode(unencoded);
    expect(allocations.reduce((sum, spy) => sum + spy.mock.calls.length, 0)).toBe(3 + 2);
  });

  it('still encodes compressed batches, whose size is known only once compressed', async () => {
    const { buffer } = await request(1);
    // The request's own length prefix matches what was written.
    expect(buffer.readInt32BE(0)).toBe(buffer.length - 4);
    expect(buffer.length).toBeLessThan(538_401);
  });
});
