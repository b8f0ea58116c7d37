/** The ops of live subscriptions: `subscribe` (subscribed, then snapshot or history, then live) and `unsubscribe`. */
import { subscribeFromFrame, unsubscribeFromFrame } from '../protocol';
import type { OpHandler } from '../ws';
import type { LiveSubscriptions } from './live-subscriptions';

export function subscribeOp(live: LiveSubscriptions): OpHandler {
  return (frame, session) => live.subscribe(subscribeFromFrame(frame), session);
}

export function unsubscribeOp(live: LiveSubscriptions): OpHandler {
  return (frame, session) => live.unsubscribe(unsubscribeFromFrame(frame), session);
}
