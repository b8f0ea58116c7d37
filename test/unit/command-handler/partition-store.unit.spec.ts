/**
 * The partition store's queued writes (a LevelDB in a temporary directory; no broker): the
 * handler does not wait for a write, so reads must see it at once, writes must land in the
 * order they were queued, a failed write must stop every later one (the store may lag the log,
 * never claim an offset past records it lacks), and close must wait for what is queued.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../platform/logger';
import { PartitionStore } from '../../../services/command-handler/state/partition-store';

const logger = createLogger('test', 'silent');
const value = (text: string): Buffer => Buffer.from(text);

describe('PartitionStore writes', () => {
  let dir: string;
  let location: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-partition-store-'));
    location = path.join(dir, 'orders.snapshots-0');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const reopened = async <T>(read: (store: PartitionStore) => Promise<T>): Promise<T> => {
    const store = await PartitionStore.open(location, logger);
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };

  it('reads a queued write before it is in, and from disk after', async () => {
    const store = await PartitionStore.open(location, logger);
    await store.write([{ key: 'order-1', value: value('v1') }], 1n);
    const queued = store.write([{ key: 'order-1', value: value('v2') }, { key: 'order-2', value: value('w1') }], 3n);

    expect((await store.getMany(['order-1', 'order-2', 'order-3'])).map((found) => found?.toString())).toEqual(['v2', 'w1', undefined]);
    await queued;
    expect((await store.getMany(['order-2', 'order-1'])).map((found) => found?.toString())).toEqual(['w1', 'v2']);
    await store.close();

    expect(await reopened(async (again) => ({ values: (await again.getMany(['order-1', 'order-2'])).map(String), offset: (await again.state()).nextOffset }))).toEqual({
      values: ['v2', 'w1'],
      offset: 3n,
    });
  });

  it('applies queued writes in order: the last one queued decides each value and the offset', async () => {
    const store = await PartitionStore.open(location, logger);
    const writes = Array.from({ length: 30 }, (_, index) => store.write([{ key: `order-${index % 3}`, value: value(`v${index}`) }], BigInt(index + 1)));
    await Promise.all(writes);
    await store.close();

    expect(await reopened(async (again) => ({ values: (await again.getMany(['order-0', 'order-1', 'order-2'])).map(String), offset: (await again.state()).nextOffset }))).toEqual({
      values: ['v27', 'v28', 'v29'],
      offset: 30n,
    });
  });

  it('applies no write after one that failed, so the offset never passes a missing record', async () => {
    const store = await PartitionStore.open(location, logger);
    await store.write([{ key: 'order-1', value: value('v1') }], 1n);
    // LevelDB refuses an undefined value.
    const failing = store.write([{ key: 'order-2', value: undefined as unknown as Buffer }], 2n);
    const after = store.write([{ key: 'order-3', value: value('v3') }], 3n);

    await expect(failing).rejects.toThrow();
    await expect(after).rejects.toThrow();
    await store.close();

    expect(await reopened(async (again) => ({ values: (await again.getMany(['order-1', 'order-3'])).map((found) => found?.toString()), offset: (await again.state()).nextOffset }))).toEqual({
      values: ['v1', undefined],
      offset: 1n,
    });
  });

  it('closes only after the queued writes are in', async () => {
    const store = await PartitionStore.open(location, logger);
    void store.write([{ key: 'order-1', value: value('v1') }], 5n);
    await store.close();

    expect(await reopened(async (again) => ({ value: (await again.getMany(['order-1']))[0]?.toString(), offset: (await again.state()).nextOffset }))).toEqual({ value: 'v1', offset: 5n });
  });
});
