/**
 * The ordering core of an event subscription: history, then live, with no gap and no
 * duplicate, whatever the interleaving of live records with history reads, and a bounded wait
 * for a lagging event history.
 */
import { UnavailableError } from '../../../platform/errors';
import type { HistoryEvent, HistoryPage, EventStream } from '../../../gateway/subscriptions';
import { EventSubscription, type EventSubscriptionContext } from '../../../gateway/subscriptions/event-subscription';
import { FeedPositions, type Positions } from '../../../gateway/subscriptions/feed-positions';
import { eventMessage } from '../../../gateway/protocol';
import { chatDomain } from '../../../domains/chat';
import { FakeSession, GRANTED } from './support/fake-session';

const STREAM: EventStream = { kind: 'events', name: 'chat.events', topic: 'p.chat.events', domain: chatDomain, history: chatDomain.eventHistory };
const KEY = 'room-1';

function live(version: number): { version: number; text: string } {
  return { version, text: JSON.stringify(eventMessage(STREAM.name, KEY, version, 'MessagePosted', { seq: version }, new Date(0))) };
}

/**
 * An event history holding versions 1..`projected` (what the projector has applied so far),
 * whose checkpoint covers feed positions once `covering` is true. `onRead` runs while a read
 * is in flight, the moment live records may arrive.
 */
class FakeHistory {
  projected = 0;
  covering = true;
  reads = 0;
  onRead: (() => void) | undefined;

  history = async (_stream: EventStream, _key: string, after: number, upTo: number, limit: number, positions?: Positions): Promise<HistoryPage> => {
    this.reads += 1;
    const covers = positions === undefined || positions.size === 0 || this.covering;
    const events: HistoryEvent[] = [];
    for (let version = after + 1; version <= Math.min(upTo, this.projected) && events.length < limit; version += 1) {
      events.push({ version, name: 'MessagePosted', data: { seq: version }, occurredAt: new Date(0) });
    }
    await Promise.resolve();
    this.onRead?.();
    return { events, covers };
  };
}

function setup(options: Partial<EventSubscriptionContext['options']> = {}) {
  const session = new FakeSession();
  const history = new FakeHistory();
  const positions = new FeedPositions();
  const released: unknown[] = [];
  let failures = 0;
  const catchingUp = { now: 0, inc: () => void (catchingUp.now += 1), dec: () => void (catchingUp.now -= 1) };
  const context: EventSubscriptionContext = {
    readers: history,
    positions,
    options: { historyPageSize: 500, catchUpRetryMs: 1, catchUpTimeoutMs: 1_000, ...options },
    release: (subscription) => released.push(subscription),
    onCatchUpFailed: () => (failures += 1),
    catchingUp,
  };
  return { session, history, positions, released, context, failures: () => failures, catchingUp: () => catchingUp.now };
}

describe('EventSubscription', () => {
  it('without fromVersion starts live at the next event and drops versions it has sent', async () => {
    const { session, context } = setup();
    const subscription = new EventSubscription(session, STREAM, KEY, undefined, GRANTED, context);
    await subscription.start();
    for (const version of [5, 6, 6, 5, 7]) subscription.offer(live(version));
    expect(session.versions).toEqual([5, 6, 7]);
  });

  it('resumes after fromVersion from the history, merging live records that arrive meanwhile without duplicates', async () => {
    const { session, history, context } = setup();
    history.projected = 6;
    const subscription = new EventSubscription(session, STREAM, KEY, 2, GRANTED, context);
    history.onRead = () => {
      history.onRead = undefined;
      for (const version of [5, 6, 7, 8]) subscription.offer(live(version));
    };
    await subscription.start();
    subscription.offer(live(9));
    expect(session.versions).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const first = session.messages[0];
    expect(first).toEqual({ op: 'event', stream: 'chat.events', key: KEY, version: 3, name: 'MessagePosted', data: { seq: 3 }, ts: '1970-01-01T00:00:00.000Z' });
  });

  it('reads a long history page by page', async () => {
    const { session, history, context } = setup({ historyPageSize: 2 });
    history.projected = 7;
    await new EventSubscription(session, STREAM, KEY, 0, GRANTED, context).start();
    expect(session.versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('goes live only once the history covers what the feed delivered before it registered', async () => {
    const { session, history, positions, context, catchingUp } = setup();
    positions.note(STREAM.topic, 0, '41');
    history.projected = 3;
    history.covering = false;
    const subscription = new EventSubscription(session, STREAM, KEY, 0, GRANTED, context);
    const started = subscription.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([session.versions, catchingUp()]).toEqual([[1, 2, 3], 1]);
    // The projector catches up: version 4 had passed the fan-out before the subscription existed.
    history.projected = 4;
    history.covering = true;
    await started;
    subscription.offer(live(5));
    expect([session.versions, catchingUp()]).toEqual([[1, 2, 3, 4, 5], 0]);
  });

  it('fills a live gap from the history once the projector has the missing versions', async () => {
    const { session, history, context } = setup();
    const subscription = new EventSubscription(session, STREAM, KEY, undefined, GRANTED, context);
    await subscription.start();
    subscription.offer(live(3));
    subscription.offer(live(6));
    subscription.offer(live(7));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(session.versions).toEqual([3]);
    history.projected = 5;
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.offer(live(8));
    expect(session.versions).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('gives up when the history does not catch up in time: UNAVAILABLE, close 1013, released', async () => {
    const { session, history, released, context, failures, catchingUp } = setup({ catchUpTimeoutMs: 30 });
    const subscription = new EventSubscription(session, STREAM, KEY, 0, GRANTED, context);
    history.projected = 2;
    history.onRead = () => subscription.offer(live(5));
    await subscription.start();
    expect(session.versions).toEqual([1, 2]);
    expect(session.failures).toEqual([{ id: null, error: expect.any(UnavailableError) }]);
    expect(String((session.failures[0]?.error as Error).message)).toMatch(/fromVersion 2/);
    expect(session.closed?.code).toBe(1013);
    expect(released).toEqual([subscription]);
    expect([failures(), catchingUp()]).toEqual([1, 0]);
  });

  it('stops reading and sending once ended', async () => {
    const { session, history, context, catchingUp } = setup();
    history.projected = 3;
    const subscription = new EventSubscription(session, STREAM, KEY, 0, GRANTED, context);
    history.onRead = () => subscription.end();
    await subscription.start();
    subscription.offer(live(4));
    expect(session.versions).toEqual([]);
    expect([history.reads, catchingUp()]).toEqual([1, 0]);
  });
});
