/**
 * ws-reference: what a bare `ws` server delivers to 10,000 sockets on this machine with its
 * load generator beside it — the ceiling of the gateway's fan-out. Once with one message per
 * frame (~72,000 frames/s on the development machine), once with messages packed per socket per tick
 * as the gateway does under load; the ratio is what batching buys.
 */
import { measured, type Benchmark } from '../harness';
import { measureBroadcast } from '../references/ws-broadcast';

export const wsReferenceBenchmark: Benchmark = {
  name: 'ws-reference',
  summary: 'bare ws broadcast to 10,000 sockets, messages/s: one per frame, and batched',
  needs: [],
  targets: [],
  budgetMs: 120_000,
  async run(context) {
    const parameters = {
      sockets: context.scaled(10_000, 1_000),
      batchedMessagesPerFrame: 10,
      warmupMs: context.scaled(3_000, 1_000),
      durationMs: context.scaled(10_000, 2_000),
    };
    const { sockets, warmupMs, durationMs } = parameters;
    context.log(`one message per frame, ${sockets.toLocaleString('en-US')} sockets`);
    const single = await measureBroadcast(context, { sockets, messagesPerFrame: 1, warmupMs, durationMs });
    context.log(`${parameters.batchedMessagesPerFrame} messages per frame`);
    const batched = await measureBroadcast(context, { sockets, messagesPerFrame: parameters.batchedMessagesPerFrame, warmupMs, durationMs });
    return measured(
      [
        { label: '1 msg/frame', value: single.messagesPerSec, unit: 'messages/s' },
        {
          label: `${parameters.batchedMessagesPerFrame} msgs/frame`,
          value: batched.messagesPerSec,
          unit: 'messages/s',
          reference: { label: 'bare ws 1/frame', value: single.messagesPerSec, unit: 'messages/s' },
        },
      ],
      parameters,
      { single, batched },
    );
  },
};
