/**
 * Load process: writes chat events straight to `<prefix>chat.events` at a fixed rate, as the
 * command handler would (codec-encoded MessagePosted, keyed by room, versions 1, 2, 3 … per
 * room with no gap, rooms taken in turn), for benchmarks of what reads events live (fan-out).
 * Each send carries what fell due since the previous one, so the rate holds while a send is
 * in flight; the versions of a room stay in order because sends never overlap.
 */
import type { ProducedRecord } from '../../platform/kafka';
import { createIdempotentProducer, createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { createCodec, type chat } from '../../schemas';
import { serveLoad } from '../harness/load-child';

export interface EventProducerParams {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly rooms: readonly string[];
  readonly recordsPerSec: number;
  /** Characters of each message's text; with the envelope a record of the wire is ~150 bytes more. */
  readonly textLength: number;
}

/** Most records per send: keeps a request well under the broker's 1 MiB. */
const MAX_RECORDS_PER_SEND = 2_000;
const IDLE_MS = 2;

serveLoad<EventProducerParams>(async (params) => {
  const codec = createCodec();
  const producer = createIdempotentProducer(createKafka([...params.brokers], 'bench-event-producer', createLogger('event-producer', 'warn')));
  await producer.connect();
  const counters = { produced: 0 };
  const versions = new Map<string, number>();
  const text = 'x'.repeat(params.textLength);
  let next = 0;
  const record = (): ProducedRecord => {
    const room = params.rooms[next % params.rooms.length] as string;
    next += 1;
    const version = (versions.get(room) ?? 0) + 1;
    versions.set(room, version);
    const event: chat.MessagePosted = {
      aggregateId: room,
      version,
      commandId: `bench-${room}-${version}`,
      userId: 'bench',
      occurredAt: new Date(),
      data: { messageId: `m-${version}`, seq: version, author: 'bench', text },
    };
    return { key: room, value: codec.encode('eventline.chat.MessagePosted', event) };
  };

  let running = true;
  const startedAt = performance.now();
  const loop = (async () => {
    while (running) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * params.recordsPerSec) - counters.produced;
      if (due <= 0) {
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        continue;
      }
      const messages = Array.from({ length: Math.min(due, MAX_RECORDS_PER_SEND) }, record);
      await producer.send({ topic: params.topic, acks: -1, messages });
      counters.produced += messages.length;
    }
  })();
  return {
    counters: () => ({ ...counters }),
    stop: async () => {
      running = false;
      await loop;
      await producer.disconnect();
    },
  };
});
