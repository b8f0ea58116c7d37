import type { TopicPartitionOffset } from 'kafkajs';
import { createLogger } from '../../../platform/logger';
import { GroupOffsets } from '../../../services/command-handler/group-offsets';

const logger = createLogger('test', 'silent');

/** Records commits; the first `failures` throw, after running `during` (what is decided while a commit is on the wire). */
function recorder(failures = 0, during: () => void = () => undefined): { commits: TopicPartitionOffset[][]; commit: (offsets: TopicPartitionOffset[]) => Promise<void> } {
  const commits: TopicPartitionOffset[][] = [];
  let failing = failures;
  return {
    commits,
    commit: async (offsets) => {
      if (failing > 0) {
        failing -= 1;
        during();
        throw new Error('REBALANCE_IN_PROGRESS');
      }
      commits.push([...offsets].sort((a, b) => a.partition - b.partition));
    },
  };
}

describe('GroupOffsets', () => {
  it('commits the latest decided offset of each partition, and nothing when nothing was decided', async () => {
    const { commits, commit } = recorder();
    const offsets = new GroupOffsets(commit, 60_000, logger);
    await offsets.flush();
    offsets.decided('orders.commands', 0, 10n);
    offsets.decided('orders.commands', 0, 12n);
    offsets.decided('orders.commands', 1, 7n);
    await offsets.flush();
    await offsets.flush();
    expect(commits).toEqual([
      [
        { topic: 'orders.commands', partition: 0, offset: '12' },
        { topic: 'orders.commands', partition: 1, offset: '7' },
      ],
    ]);
  });

  it('retries a failed commit at the next flush, unless a newer offset came meanwhile', async () => {
    let offsets: GroupOffsets | undefined;
    const { commits, commit } = recorder(1, () => offsets?.decided('chat.commands', 1, 11n));
    offsets = new GroupOffsets(commit, 60_000, logger);
    offsets.decided('chat.commands', 0, 5n);
    offsets.decided('chat.commands', 1, 9n);
    await offsets.flush();
    expect(commits).toEqual([]);
    await offsets.flush();
    expect(commits).toEqual([
      [
        { topic: 'chat.commands', partition: 0, offset: '5' },
        { topic: 'chat.commands', partition: 1, offset: '11' },
      ],
    ]);
  });

  it('commits on its interval, and what is left when stopped', async () => {
    jest.useFakeTimers();
    try {
      const { commits, commit } = recorder();
      const offsets = new GroupOffsets(commit, 1_000, logger);
      offsets.start();
      offsets.decided('orders.commands', 2, 3n);
      await jest.advanceTimersByTimeAsync(999);
      expect(commits).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(commits).toEqual([[{ topic: 'orders.commands', partition: 2, offset: '3' }]]);
      offsets.decided('orders.commands', 2, 4n);
      await offsets.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(commits).toEqual([[{ topic: 'orders.commands', partition: 2, offset: '3' }], [{ topic: 'orders.commands', partition: 2, offset: '4' }]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
