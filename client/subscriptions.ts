/**
 * Live subscriptions by stream + key, and the version bookkeeping that gives their consumer
 * no gap and no duplicate across reconnects: each subscription remembers the last version it
 * delivered, drops anything at or below it, and resumes from it on a new connection.
 */
import type { ServerError } from './errors.js';
import { callSafely } from './listeners.js';
import type { EventMessage, SnapshotMessage, SubscribedMessage, SubscribeFrame } from './protocol.js';

export interface SubscriptionHandlers<T = unknown> {
  /** The whole state at a version. A view delivers a fresh one after each reconnect when it moved on meanwhile. */
  onSnapshot?(snapshot: SnapshotMessage<T>): void;
  /** One change, in strictly increasing version order. */
  onEvent?(event: EventMessage<T>): void;
  /** The gateway refused the subscription (e.g. FORBIDDEN, NOT_FOUND): it has ended and is not retried. */
  onError?(error: ServerError): void;
}

export interface SubscribeOptions {
  /**
   * The version the consumer already has (e.g. from a REST read). An event stream resumes
   * after it; a view starts from a snapshot as always. Nothing at or below it is delivered.
   */
  readonly fromVersion?: number;
}

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/** `views.*` streams conflate (a slow reader gets the latest row, not every change), so they resume from a snapshot. */
const VIEW_STREAM_PREFIX = 'views.';

class Subscription {
  /** Highest version delivered (or given as fromVersion); undefined before the first. */
  lastVersion: number | undefined;
  /** The subscribe request it was last sent with: an error reply names it. */
  requestId: string | undefined;
  /**
   * The gateway answered that request with `subscribed`. Only then do this subscription's
   * messages start: anything of its stream + key before it belongs to an earlier subscription
   * on the socket (unsubscribed, then subscribed again) and could fill in versions wrongly.
   */
  confirmed = false;

  constructor(
    readonly stream: string,
    readonly key: string,
    readonly handlers: SubscriptionHandlers,
    fromVersion: number | undefined,
  ) {
    this.lastVersion = fromVersion;
  }

  /** The frame that (re)starts the subscription on a connection. */
  frame(id: string): SubscribeFrame {
    const resumable = !this.stream.startsWith(VIEW_STREAM_PREFIX) && this.lastVersion !== undefined;
    return resumable
      ? { op: 'subscribe', id, stream: this.stream, key: this.key, fromVersion: this.lastVersion }
      : { op: 'subscribe', id, stream: this.stream, key: this.key };
  }
}

function streamKey(stream: string, key: string): string {
  return `${stream}\u0000${key}`;
}

export class Subscriptions {
  private readonly byStreamKey = new Map<string, Subscription>();
  private readonly byRequest = new Map<string, Subscription>();

  /** Throws TypeError when stream + key is already subscribed: the gateway holds one subscription per stream + key and socket. */
  add<T>(stream: string, key: string, handlers: SubscriptionHandlers<T>, options: SubscribeOptions): Subscription {
    const id = streamKey(stream, key);
    if (this.byStreamKey.has(id)) throw new TypeError(`already subscribed to ${stream} / ${key}: unsubscribe first`);
    const { fromVersion } = options;
    if (fromVersion !== undefined && !(Number.isSafeInteger(fromVersion) && fromVersion >= 0)) {
      throw new TypeError(`fromVersion must be a non-negative integer, got ${fromVersion}`);
    }
    const subscription = new Subscription(stream, key, handlers, fromVersion);
    this.byStreamKey.set(id, subscription);
    return subscription;
  }

  /** False when it was already removed. */
  remove(subscription: Subscription): boolean {
    this.forgetRequest(subscription);
    return this.byStreamKey.delete(streamKey(subscription.stream, subscription.key));
  }

  all(): Subscription[] {
    return [...this.byStreamKey.values()];
  }

  /** The subscribe frame for `subscription` under request `id`, remembered for error routing. */
  subscribeFrame(subscription: Subscription, id: string): SubscribeFrame {
    this.forgetRequest(subscription);
    subscription.requestId = id;
    subscription.confirmed = false;
    this.byRequest.set(id, subscription);
    return subscription.frame(id);
  }

  /** The gateway registered the subscription that request `message.id` started: its messages follow. */
  confirm(message: SubscribedMessage): void {
    const subscription = this.byRequest.get(message.id);
    if (subscription !== undefined && subscription.stream === message.stream && subscription.key === message.key) subscription.confirmed = true;
  }

  /** Hands a snapshot or event to its subscription, unless the consumer already has its version. */
  deliver(message: SnapshotMessage | EventMessage): void {
    const subscription = this.byStreamKey.get(streamKey(message.stream, message.key));
    // Unsubscribed while the message was on its way, or it precedes this subscription's start.
    if (!subscription?.confirmed) return;
    if (subscription.lastVersion !== undefined && message.version <= subscription.lastVersion) return;
    subscription.lastVersion = message.version;
    const { handlers } = subscription;
    callSafely(() => (message.op === 'snapshot' ? handlers.onSnapshot?.(message) : handlers.onEvent?.(message)));
  }

  /** Ends the subscription that request `id` started; false when `id` started none. */
  fail(id: string, error: ServerError): boolean {
    const subscription = this.byRequest.get(id);
    if (!subscription) return false;
    this.remove(subscription);
    callSafely(() => subscription.handlers.onError?.(error));
    return true;
  }

  private forgetRequest(subscription: Subscription): void {
    if (subscription.requestId !== undefined) this.byRequest.delete(subscription.requestId);
    subscription.requestId = undefined;
  }
}
