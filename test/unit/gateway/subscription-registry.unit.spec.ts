/** Who follows what: lookups by stream + key, one subscription per stream + key and socket, the per-socket limit, cleanup. */
import { BadRequestError, RateLimitedError } from '../../../platform/errors';
import { StreamCatalog } from '../../../gateway/subscriptions';
import { SubscriptionRegistry } from '../../../gateway/subscriptions/registry';
import type { Subscription } from '../../../gateway/subscriptions/subscription';
import { TopicNames } from '../../../platform/kafka';
import { FakeSession, GRANTED } from './support/fake-session';

const catalog = new StreamCatalog(new TopicNames('p.'));
const chat = catalog.find('chat.events');
const stats = catalog.find('views.store_stats');

function subscription(session: FakeSession, stream = chat, key = 'room-1'): Subscription & { ended: boolean } {
  return {
    session,
    stream,
    key,
    grant: GRANTED,
    ended: false,
    offer: () => undefined,
    start: async () => undefined,
    end() {
      this.ended = true;
    },
  };
}

describe('SubscriptionRegistry', () => {
  const gauge = { value: 0, inc: () => (gauge.value += 1), dec: () => (gauge.value -= 1) };
  let registry: SubscriptionRegistry;
  beforeEach(() => {
    gauge.value = 0;
    registry = new SubscriptionRegistry(2, gauge);
  });

  it('finds the subscribers of a stream + key, and forgets them when they leave', () => {
    const [a, b] = [new FakeSession(), new FakeSession()];
    const first = subscription(a);
    const second = subscription(b);
    registry.add(first);
    registry.add(second);
    registry.add(subscription(a, stats, 'room-1'));
    expect([...(registry.subscribers(chat, 'room-1') ?? [])]).toEqual([first, second]);
    expect(registry.subscribers(chat, 'room-2')).toBeUndefined();
    expect(registry.remove(a, chat, 'room-1')).toBe(true);
    expect(first.ended).toBe(true);
    expect(registry.remove(a, chat, 'room-1')).toBe(false);
    registry.releaseSocket(b);
    expect(registry.subscribers(chat, 'room-1')).toBeUndefined();
    expect(gauge.value).toBe(1);
  });

  it('refuses a second subscription to the same stream + key on one socket, and more than the limit', () => {
    const session = new FakeSession();
    registry.add(subscription(session));
    expect(() => registry.add(subscription(session))).toThrow(BadRequestError);
    registry.add(subscription(session, chat, 'room-2'));
    expect(() => registry.add(subscription(session, chat, 'room-3'))).toThrow(RateLimitedError);
    registry.remove(session, chat, 'room-2');
    expect(() => registry.add(subscription(session, chat, 'room-3'))).not.toThrow();
  });

  it('lets a socket conflate only while it follows views and no event stream', () => {
    const session = new FakeSession();
    expect(registry.canConflate(session)).toBe(false);
    registry.add(subscription(session, stats, 'store-7'));
    expect(registry.canConflate(session)).toBe(true);
    registry.add(subscription(session, chat, 'room-1'));
    expect(registry.canConflate(session)).toBe(false);
    registry.remove(session, chat, 'room-1');
    expect(registry.canConflate(session)).toBe(true);
  });

  it('ignores the release of a subscription that is no longer registered', () => {
    const session = new FakeSession();
    const old = subscription(session);
    registry.add(old);
    registry.remove(session, chat, 'room-1');
    const fresh = subscription(session);
    registry.add(fresh);
    registry.release(old);
    expect([...(registry.subscribers(chat, 'room-1') ?? [])]).toEqual([fresh]);
  });
});
