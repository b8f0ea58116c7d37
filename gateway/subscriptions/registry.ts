/**
 * Who follows what: subscriptions by stream + key (what the fan-out looks up for every
 * record) and by socket (the per-socket limit, unsubscribe, cleanup when a socket closes).
 * A socket holds at most one subscription per stream + key.
 */
import type { Gauge } from 'prom-client';
import { BadRequestError, RateLimitedError } from '../../platform/errors';
import { quoted } from '../../platform/text';
import type { ClientSession } from '../ws';
import type { Stream } from './streams';
import type { Subscription } from './subscription';

interface SocketSubscriptions {
  /** By `stream\0key`. */
  readonly byStreamKey: Map<string, Subscription>;
  /** Subscriptions to streams that cannot be conflated (event streams). */
  strict: number;
}

function streamKey(stream: Stream, key: string): string {
  return `${stream.name}\u0000${key}`;
}

export class SubscriptionRegistry {
  private readonly channels = new Map<Stream, Map<string, Set<Subscription>>>();
  private readonly sockets = new Map<ClientSession, SocketSubscriptions>();

  constructor(
    private readonly maxPerSocket: number,
    private readonly gauge: Pick<Gauge, 'inc' | 'dec'>,
  ) {}

  /** The subscriptions to `key` of `stream`; undefined when there are none. */
  subscribers(stream: Stream, key: string): ReadonlySet<Subscription> | undefined {
    return this.channels.get(stream)?.get(key);
  }

  /**
   * Throws BadRequestError when the socket already follows stream + key, RateLimitedError when
   * it holds (with `pending` subscriptions still being authorized) WS_MAX_SUBSCRIPTIONS: checked
   * before any work is spent on a new subscription, and again when it is added.
   */
  checkRoom(session: ClientSession, stream: Stream, key: string, pending = 0): void {
    const held = this.sockets.get(session);
    if (held?.byStreamKey.has(streamKey(stream, key))) throw new BadRequestError(`already subscribed to ${stream.name} ${quoted(key)} on this socket: unsubscribe first`);
    if ((held?.byStreamKey.size ?? 0) + pending >= this.maxPerSocket) {
      throw new RateLimitedError(`a socket may hold ${this.maxPerSocket} subscriptions (WS_MAX_SUBSCRIPTIONS): unsubscribe from one first`);
    }
  }

  add(subscription: Subscription): void {
    const { session, stream, key } = subscription;
    this.checkRoom(session, stream, key);
    const held = this.sockets.get(session);
    const id = streamKey(stream, key);
    const socket = held ?? { byStreamKey: new Map(), strict: 0 };
    if (held === undefined) this.sockets.set(session, socket);
    socket.byStreamKey.set(id, subscription);
    if (stream.kind === 'events') socket.strict += 1;
    let keys = this.channels.get(stream);
    if (keys === undefined) this.channels.set(stream, (keys = new Map()));
    let subscribers = keys.get(key);
    if (subscribers === undefined) keys.set(key, (subscribers = new Set()));
    subscribers.add(subscription);
    this.gauge.inc();
  }

  /** Ends the socket's subscription to stream + key; false when it had none. */
  remove(session: ClientSession, stream: Stream, key: string): boolean {
    const subscription = this.sockets.get(session)?.byStreamKey.get(streamKey(stream, key));
    if (subscription === undefined) return false;
    this.release(subscription);
    return true;
  }

  /** Ends a subscription and forgets it; a subscription already released is left alone. */
  release(subscription: Subscription): void {
    const { session, stream, key } = subscription;
    const socket = this.sockets.get(session);
    const id = streamKey(stream, key);
    if (socket?.byStreamKey.get(id) !== subscription) return;
    subscription.end();
    socket.byStreamKey.delete(id);
    if (stream.kind === 'events') socket.strict -= 1;
    if (socket.byStreamKey.size === 0) this.sockets.delete(session);
    const keys = this.channels.get(stream);
    const subscribers = keys?.get(key);
    subscribers?.delete(subscription);
    if (subscribers?.size === 0) keys?.delete(key);
    this.gauge.dec();
  }

  /** The subscriptions the socket holds now. */
  ofSocket(session: ClientSession): Subscription[] {
    return [...(this.sockets.get(session)?.byStreamKey.values() ?? [])];
  }

  /** The socket closed: every subscription it held ends. */
  releaseSocket(session: ClientSession): void {
    const socket = this.sockets.get(session);
    if (socket === undefined) return;
    for (const subscription of [...socket.byStreamKey.values()]) this.release(subscription);
  }

  /** A slow socket may conflate instead of closing when it follows views only (and at least one). */
  canConflate(session: ClientSession): boolean {
    const socket = this.sockets.get(session);
    return socket !== undefined && socket.strict === 0;
  }
}
