/**
 * Before a partition store is wiped because the snapshots log ends below the store's offset,
 * the end is asked again: right after a leader election the new leader can report an end
 * below what was committed, and wiping then would decide every command again.
 */
import type { KafkaAdmin } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { settledLog } from '../../../services/command-handler/state/restore';

/** An admin whose partition-0 end is each of `highs` in turn, then the last one for good. */
function answering(highs: readonly number[]): { admin: KafkaAdmin; asked: () => number } {
  let asked = 0;
  const admin = {
    fetchTopicOffsets: async () => {
      const high = highs[Math.min(asked, highs.length - 1)]!;
      asked += 1;
      return [{ partition: 0, offset: String(high), high: String(high), low: '0' }];
    },
  } as unknown as KafkaAdmin;
  return { admin, asked: () => asked };
}

const options = (admin: KafkaAdmin) => ({ admin, topic: 'orders.snapshots', partition: 0, logger: createLogger('test', 'silent'), heartbeat: async () => undefined });

describe('settledLog', () => {
  it('asks again while the end is below the store, and takes the end once it is not', async () => {
    const { admin, asked } = answering([0, 0, 36]);
    const { log } = await settledLog(options(admin), 36n, 5_000, 1);
    expect(log).toEqual({ low: 0n, high: 36n });
    expect(asked()).toBe(3);
  });

  it('takes an end that stays below the store once the settle time is over (a recreated topic)', async () => {
    const { admin, asked } = answering([0]);
    const { log } = await settledLog(options(admin), 36n, 50, 5);
    expect(log.high).toBe(0n);
    expect(asked()).toBeGreaterThan(1);
  });

  it('asks once when the store is at or below the end, or has no offset', async () => {
    for (const storeOffset of [36n, 10n, undefined]) {
      const { admin, asked } = answering([36]);
      await settledLog(options(admin), storeOffset);
      expect(asked()).toBe(1);
    }
  });
});
