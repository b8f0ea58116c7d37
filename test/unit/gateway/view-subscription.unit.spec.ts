/** A view subscription: a snapshot, then only newer versions, nothing lost while the snapshot is read. */
import { UnavailableError } from '../../../platform/errors';
import type { ViewSnapshot, ViewStream } from '../../../gateway/subscriptions';
import { ViewSubscription } from '../../../gateway/subscriptions/view-subscription';
import { storeStatsReadModel } from '../../../domains/orders';
import { FakeSession, GRANTED } from './support/fake-session';

const STREAM: ViewStream = { kind: 'views', name: 'views.store_stats', topic: 'p.views.store_stats', model: storeStatsReadModel, viewSubject: 'eventline.orders.StoreStats' };

const live = (version: number) => ({ version, text: JSON.stringify({ op: 'event', stream: STREAM.name, key: 'store-7', version, name: 'StoreStats', data: {}, ts: '' }) });

describe('ViewSubscription', () => {
  it('sends the snapshot, then the newest record that came during the read if newer, then any newer version', async () => {
    const session = new FakeSession();
    let subscription: ViewSubscription | undefined;
    const snapshot = async (): Promise<ViewSnapshot> => {
      for (const version of [11, 13, 12]) subscription?.offer(live(version));
      return { version: 12, data: { storeId: 'store-7' } };
    };
    subscription = new ViewSubscription(session, STREAM, 'store-7', 'r1', GRANTED, { snapshot }, () => undefined);
    await subscription.start();
    for (const version of [13, 12, 15, 14, 16]) subscription.offer(live(version));
    expect(session.messages[0]).toEqual({ op: 'snapshot', stream: STREAM.name, key: 'store-7', version: 12, data: { storeId: 'store-7' } });
    expect(session.versions).toEqual([13, 15, 16]);
  });

  it('drops what it was offered during a read that found nothing newer', async () => {
    const session = new FakeSession();
    let subscription: ViewSubscription | undefined;
    const snapshot = async (): Promise<ViewSnapshot> => {
      subscription?.offer(live(3));
      return { version: 3, data: {} };
    };
    subscription = new ViewSubscription(session, STREAM, 'store-7', 'r1', GRANTED, { snapshot }, () => undefined);
    await subscription.start();
    expect(session.versions).toEqual([]);
  });

  it('answers UNAVAILABLE for its request and leaves when the snapshot cannot be read', async () => {
    const session = new FakeSession();
    const released: unknown[] = [];
    const subscription = new ViewSubscription(session, STREAM, 'store-7', 'r1', GRANTED, { snapshot: () => Promise.reject(new Error('db down')) }, (s) => released.push(s));
    await subscription.start();
    expect(session.failures).toEqual([{ id: 'r1', error: expect.any(UnavailableError) }]);
    expect(released).toEqual([subscription]);
    expect(session.sent).toEqual([]);
  });
});
