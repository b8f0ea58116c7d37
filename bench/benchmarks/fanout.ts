/**
 * fanout: messages per second the gateway delivers to 10,000 subscribed sockets. To be
 * built on the gateway's subscriptions:
 * - the gateway runs (gateway-under-test.ts); client processes (load/index.ts
 *   startSocketClients with `sendOnOpen` = the subscribe frames) hold the sockets and count
 *   messages, packed frames included;
 * - events are produced straight to `<prefix>chat.events` (codec-encoded MessagePosted,
 *   as the handler writes them) at the highest rate the gateway keeps up with;
 * - two shapes: one key with every socket subscribed, and many keys with few subscribers each.
 * Reference: the bare ws broadcast of ws-reference (one message per frame), same socket count.
 */
import { notAvailable, type Benchmark } from '../harness';
import { TARGETS } from '../targets';

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  summary: 'messages/s delivered to 10,000 sockets: one hot key, and many keys (reference: bare ws)',
  needs: [],
  targets: [TARGETS.fanout],
  budgetMs: 240_000,
  async run(context) {
    const parameters = {
      sockets: context.scaled(10_000, 1_000),
      shapes: [
        { name: 'one key', keys: 1, subscribersPerKey: context.scaled(10_000, 1_000) },
        { name: 'many keys', keys: context.scaled(1_000, 100), subscribersPerKey: 10 },
      ],
      stream: 'chat.events',
      warmupMs: context.scaled(3_000, 1_000),
      durationMs: context.scaled(10_000, 2_000),
    };
    return notAvailable('needs gateway subscriptions (subscribe op, fan-out)', parameters);
  },
};
