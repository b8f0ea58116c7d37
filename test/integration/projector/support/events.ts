/**
 * Event streams for projector tests: built by hand, or decided by the pure deciders from a
 * command workload (as the command handler would record them), produced straight to
 * `<domain>.events` keyed by aggregate id, and folded in memory into the rows a read model
 * must hold afterwards.
 */
import type { Admin, Producer } from 'kafkajs';
import { commandFromRecord, findDomain, projectAll, recordEvents, type CommandRecord, type Decider, type Projection, type RecordedEvent, type Versioned } from '../../../../domains';
import type { TopicNames } from '../../../../platform/kafka';
import { decodedCommandRecord, type TestCommand } from '../../../support/commands';
import { codec } from '../../../support/kafka';
import { ordersWorkload, prng } from '../../../support/workload';

export interface DomainEvent {
  domain: 'orders' | 'chat';
  event: RecordedEvent;
}

let commandCount = 0;

/** `data` as recorded for `aggregateId` at `version`, at `occurredAt` (ISO-8601). */
export function recorded(domain: DomainEvent['domain'], type: string, aggregateId: string, version: number, occurredAt: string, data: object, userId = 'alice'): DomainEvent {
  commandCount += 1;
  return { domain, event: { type, data, aggregateId, version, commandId: `cmd-${commandCount}`, userId, occurredAt: new Date(occurredAt) } };
}

/** The events the deciders record for `commands`, one decision every `stepMs` from `start`. */
export function decidedEvents(commands: readonly TestCommand[], start: Date, stepMs: number): DomainEvent[] {
  const aggregates = new Map<string, { state: unknown; version: number }>();
  const events: DomainEvent[] = [];
  commands.forEach((command, index) => {
    const decider = findDomain(command.domain)!.decider as Decider<unknown, never, never>;
    const id = `${command.domain}/${command.aggregateId}`;
    const before = aggregates.get(id) ?? { state: decider.initialState(), version: 0 };
    const record = decodedCommandRecord(command) as unknown as CommandRecord<unknown>;
    const decision = decider.decide(commandFromRecord(command.name, record) as never, before.state);
    if (decision.status !== 'accepted') return;
    const recordedEvents = recordEvents(decision.events, { metadata: record, previousVersion: before.version, occurredAt: new Date(start.getTime() + index * stepMs) });
    aggregates.set(id, {
      state: decision.events.reduce((state, event) => decider.evolve(state, event), before.state),
      version: before.version + recordedEvents.length,
    });
    for (const event of recordedEvents) events.push({ domain: command.domain, event });
  });
  return events;
}

/** Rooms with messages by two users, some edited by their author, interleaved across rooms. */
export function chatWorkload(rooms: number, messagesPerRoom: number, seed: number, idPrefix: string): TestCommand[] {
  const random = prng(seed);
  const queues = Array.from({ length: rooms }, (_, r) => {
    const roomId = `${idPrefix}-room-${r}`;
    const steps: TestCommand[] = [{ domain: 'chat', name: 'CreateRoom', aggregateId: roomId, data: { title: `Room ${r}` } }];
    for (let m = 0; m < messagesPerRoom; m += 1) {
      const userId = m % 2 === 0 ? 'alice' : 'bob';
      steps.push({ domain: 'chat', name: 'PostMessage', aggregateId: roomId, userId, data: { messageId: `m-${m}`, text: `hello ${m}` } });
      if (random() < 0.3) steps.push({ domain: 'chat', name: 'EditMessage', aggregateId: roomId, userId, data: { messageId: `m-${m}`, text: `edited ${m}` } });
    }
    return steps;
  });
  const out: TestCommand[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    out.push(open[Math.floor(random() * open.length)]!.shift()!);
  }
  return out;
}

/** Produces the events in order (acks=-1), keyed by aggregate id so each aggregate stays on one partition. */
/** `producer`: a producer, or a transaction of one. */
export async function produceEvents(producer: Pick<Producer, 'sendBatch'>, topics: TopicNames, events: readonly DomainEvent[], chunk = 1_000): Promise<void> {
  for (let start = 0; start < events.length; start += chunk) {
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const { domain, event } of events.slice(start, start + chunk)) {
      const { type, ...record } = event;
      const topic = topics.domain(domain, 'events');
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: event.aggregateId, value: codec.encode(`eventline.${domain}.${type}`, record) });
      byTopic.set(topic, messages);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}

/** The rows a read model must hold after `events`: the pure fold, each row's version = events that changed it. */
export function expectedRows(projection: Projection<unknown>, events: readonly DomainEvent[]): Map<string, Versioned<object>> {
  const stream = events.map(({ event }) => event);
  const versions = new Map<string, number>();
  for (const event of stream) {
    const key = projection.keyOf(event);
    if (key !== null) versions.set(key, (versions.get(key) ?? 0) + 1);
  }
  const rows = new Map<string, Versioned<object>>();
  for (const [key, row] of projectAll(projection, stream)) rows.set(key, { ...(row as object), version: versions.get(key)! });
  return rows;
}

/** Last offset per partition of `topic` (high watermark - 1), for partitions that hold records. */
export async function lastOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.filter(({ high, low }) => Number(high) > Number(low)).map(({ partition, high }) => [partition, Number(high) - 1]));
}

/**
 * Exactly `total` events, a fifth of them chat, the rest orders through all their transitions,
 * decided one every few milliseconds so that store revenue spreads over many minute buckets,
 * and the two domains interleaved as they would be live.
 */
export function workloadEvents(total: number, seed: number, idPrefix: string): DomainEvent[] {
  const start = new Date('2025-01-01T12:00:00.000Z');
  const chatTotal = Math.floor(total / 5);
  const chat = decidedEvents(chatWorkload(Math.max(1, Math.floor(chatTotal / 130)), 100, seed, idPrefix), start, 25).slice(0, chatTotal);
  // About three events per order (placed, paid, shipped or cancelled) out of six commands.
  const orders = decidedEvents(ordersWorkload(Math.ceil(total / 2.5), total * 3, seed, idPrefix), start, 10).slice(0, total - chat.length);
  // Every fifth event is a chat event while both last; each domain keeps its own order.
  const mixed: DomainEvent[] = [];
  let [o, c] = [0, 0];
  while (o < orders.length || c < chat.length) {
    const chatTurn = mixed.length % 5 === 4;
    mixed.push(chatTurn && c < chat.length ? chat[c++]! : o < orders.length ? orders[o++]! : chat[c++]!);
  }
  return mixed;
}
