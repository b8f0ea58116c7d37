/**
 * Load process: writes chat events straight to `<prefix>chat.events` at a paced rate, as the
 * command handler would (codec-encoded MessagePosted, keyed by room, versions 1, 2, 3 … per
 * room with no gap, rooms taken in turn), for benchmarks of what reads events live (fan-out).
 * The rate is a staircase: `recordsPerSec` at first, doubled every `stepMs`, so one producer
 * offers more and more until the reader falls behind (the runner measures each step).
 * Each send carries what fell due since the previous one, so the rate holds while a send is
 * in flight; the versions of a room stay in order because sends never overlap.
 */
import type { ProducedRecord } from '../../platform/kafka';
import { createIdempotentProducer, createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { createCodec, type chat } from '../../schemas';
import { serveLoad } from '../harness/load-child';
import { monotonicMs } from '../harness/load-protocol';

export interface EventProducerParams {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly rooms: readonly string[];
  /** The first step's rate. */
  readonly recordsPerSec: number;
  /** How long each step lasts; the rate doubles from one to the next. */
  readonly stepMs: number;
  /** Characters of each message's text; with the envelope a record of the wire is ~150 bytes more. */
  readonly textLength: number;
}

/** Most records per send: keeps a request well under the broker's 1 MiB. */
const MAX_RECORDS_PER_SEND = 2_000;
const IDLE_MS = 2;

export interface EventProducerInfo {
  /** monotonicMs() when the first step began: steps begin at `startedAt + n × stepMs`. */
  readonly startedAt: number;
}

/** Records due `elapsedMs` into the staircase. */
export function recordsDue(params: Pick<EventProducerParams, 'recordsPerSec' | 'stepMs'>, elapsedMs: number): number {
  const step = Math.floor(elapsedMs / params.stepMs);
  // Steps before this one: recordsPerSec × stepMs × (1 + 2 + … + 2^(step-1)).
  const before = params.recordsPerSec * (params.stepMs / 1000) * (2 ** step - 1);
  return Math.floor(before + params.recordsPerSec * 2 ** step * ((elapsedMs - step * params.stepMs) / 1000));
}

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
  const startedAt = monotonicMs();
  const loop = (async () => {
    while (running) {
      const due = recordsDue(params, monotonicMs() - startedAt) - counters.produced;
      if (due <= 0) {
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        continue;
      }
      const messages = Array.from({ length: Math.min(due, MAX_RECORDS_PER_SEND) }, record);
      await producer.send({ topic: params.topic, acks: -1, messages });
      counters.produced += messages.length;
    }
  })();
  const info: EventProducerInfo = { startedAt };
  return {
    info,
    counters: () => ({ ...counters }),
    stop: async () => {
      running = false;
      await loop;
      await producer.disconnect();
    },
  };
});
