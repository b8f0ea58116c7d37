import { chunkMessages } from '../../../platform/kafka';

describe('chunkMessages', () => {
  it('keeps order and puts no more than the byte budget in a chunk (unless one message alone is bigger)', () => {
    const messages = [10, 10, 10, 50, 10].map((size, i) => ({ key: `k${i}`, value: Buffer.alloc(size) }));
    const chunks = chunkMessages(messages, 100);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 1, 1, 1]);
    expect(chunkMessages([{ value: Buffer.alloc(500) }], 100)).toHaveLength(1);
    expect(chunkMessages([], 100)).toEqual([]);
  });
});
