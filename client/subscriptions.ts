/**
 * Subscriptions by stream + key: their states, and the version bookkeeping that gives their
 * consumer no gap and no duplicate across reconnects and retries.
 *
 * States: subscribing → subscribed ⇄ subscribing (connection lost, retriable error) →
 * unsubscribed (final: `unsubscribe()`, or an error that retrying cannot cure).
 *
 * - Event streams remember the last version delivered — or, before the first event, the
 *   version the gateway's `subscribed` said the subscription starts after — and resubscribe
 *   with it as `fromVersion`: the gateway sends everything after it, so nothing is lost.
 * - Views conflate (a slow reader gets the newest row, not every change), so they resubscribe
 *   without a version and the fresh snapshot says where the row is now; it is delivered only
 *   when it is newer than what the consumer has, marked `resumed`.
 * - RATE_LIMITED and UNAVAILABLE are retried after a backoff delay (full jitter);
 *   UNAUTHORIZED / TOKEN_EXPIRED once the client has renewed its token; anything else ends
 *   the subscription.
 */
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { needsNewToken, ServerError, type EventlineClientError } from './errors.js';
import { callSafely } from './listeners.js';
import type { ClientFrame, EventMessage, SnapshotMessage, SubscribedMessage, SubscribeFrame, UnsubscribedMessage } from './protocol.js';

export type SubscriptionState = 'subscribing' | 'subscribed' | 'unsubscribed';

export interface SubscribedInfo {
  /** It was subscribed before: this restores it after a lost connection or a retried error. */
  readonly resumed: boolean;
  /**
   * Resumed with nothing missed: an event stream continues right after the last version it
   * delivered. False for views (the snapshot that follows replaces the state) and on the first subscribe.
   */
  readonly recovered: boolean;
  /** Event streams: the version this subscription continues after (undefined from a gateway without a database). */
  readonly version: number | undefined;
}

export interface SubscribingInfo {
  /** Why it is not live: the error that is being retried, if it was one (absent for a lost or not yet open connection). */
  readonly error?: EventlineClientError;
}

export interface UnsubscribedInfo {
  /** `client`: `unsubscribe()` was called; `server`: the gateway refused or ended it for good (see `error`). */
  readonly reason: 'client' | 'server';
  readonly error?: EventlineClientError;
}

export interface SnapshotInfo {
  /** A view resubscribed after a lost connection or an error: this snapshot replaces what the consumer had, changes in between folded in. */
  readonly resumed: boolean;
}

export interface SubscriptionHandlers<E extends EventMessage = EventMessage, S extends SnapshotMessage = SnapshotMessage> {
  /** Views: the whole row at a version (`data: null` while the key has no row). Again after a reconnect when the row moved on meanwhile. */
  onSnapshot?(snapshot: S, info: SnapshotInfo): void;
  /** One change, in strictly increasing version order. */
  onEvent?(event: E): void;
  /** Not live, being (re)subscribed: the connection is not open, or a retriable error is being retried. */
  onSubscribing?(info: SubscribingInfo): void;
  /** Live: the gateway registered it; snapshot or events follow. */
  onSubscribed?(info: SubscribedInfo): void;
  /** Ended for good; nothing more is delivered. */
  onUnsubscribed?(info: UnsubscribedInfo): void;
  /** Every error the gateway answered for this subscription, retried or not. */
  onError?(error: EventlineClientError): void;
}

export interface SubscribeOptions {
  /**
   * The version the consumer already has (e.g. from a REST read). An event stream starts
   * after it; a view starts from a snapshot as always. Nothing at or below it is delivered.
   */
  readonly fromVersion?: number;
}

/** What `subscribe` returns. */
export interface Subscription {
  readonly stream: string;
  readonly key: string;
  readonly state: SubscriptionState;
  /** The last version delivered (or the one it will resume after); undefined before any. */
  readonly version: number | undefined;
  /** Ends the subscription; calling it again does nothing. */
  unsubscribe(): void;
}

/** What the subscriptions need of the client. */
export interface SubscriptionLink {
  /** Sends when the socket is open; false otherwise (the subscription is sent on the next open). */
  send(frame: ClientFrame): boolean;
  nextRequestId(): string;
  readonly backoff: BackoffOptions;
  /** The gateway refused the token for a subscription: get a new one; `tokenRenewed` follows. */
  renewToken(): void;
}

/** `views.*` streams conflate, so they resume from a snapshot, never from a version. */
const VIEW_STREAM_PREFIX = 'views.';

class LiveSubscription implements Subscription {
  current: SubscriptionState = 'subscribing';
  /** Highest version delivered (or fromVersion, or the `subscribed` version); undefined before any. */
  lastVersion: number | undefined;
  /** The subscribe request it was last sent with: replies name it. */
  requestId: string | undefined;
  /**
   * The gateway answered that request with `subscribed`. Only then do this subscription's
   * messages count: anything of its stream + key before it belongs to an earlier subscription
   * on the socket (unsubscribed, then subscribed again) and could fill in versions wrongly.
   */
  confirmed = false;
  /** It has been subscribed at least once. */
  everSubscribed = false;
  /** The next snapshot follows a resubscription (views). */
  snapshotResumes = false;
  /** Retriable errors since it was last subscribed: the backoff attempt. */
  failures = 0;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Waiting for a renewed token before it is sent again. */
  awaitingToken = false;

  constructor(
    readonly stream: string,
    readonly key: string,
    readonly handlers: SubscriptionHandlers,
    fromVersion: number | undefined,
    private readonly end: (subscription: LiveSubscription) => void,
  ) {
    this.lastVersion = fromVersion;
  }

  get state(): SubscriptionState {
    return this.current;
  }

  get version(): number | undefined {
    return this.lastVersion;
  }

  get isView(): boolean {
    return this.stream.startsWith(VIEW_STREAM_PREFIX);
  }

  unsubscribe(): void {
    this.end(this);
  }

  /** The frame that (re)starts the subscription on a connection. */
  frame(id: string): SubscribeFrame {
    return !this.isView && this.lastVersion !== undefined
      ? { op: 'subscribe', id, stream: this.stream, key: this.key, fromVersion: this.lastVersion }
      : { op: 'subscribe', id, stream: this.stream, key: this.key };
  }
}

function streamKey(stream: string, key: string): string {
  return `${stream}\u0000${key}`;
}

export class Subscriptions {
  private readonly byStreamKey = new Map<string, LiveSubscription>();
  private readonly byRequest = new Map<string, LiveSubscription>();

  constructor(private readonly link: SubscriptionLink) {}

  /** Throws TypeError when stream + key is already subscribed: the gateway holds one subscription per stream + key and socket. */
  add(stream: string, key: string, handlers: SubscriptionHandlers<never, never>, options: SubscribeOptions): Subscription {
    const id = streamKey(stream, key);
    if (this.byStreamKey.has(id)) throw new TypeError(`already subscribed to ${stream} / ${key}: unsubscribe first`);
    const { fromVersion } = options;
    if (fromVersion !== undefined && !(Number.isSafeInteger(fromVersion) && fromVersion >= 0)) {
      throw new TypeError(`fromVersion must be a non-negative integer, got ${fromVersion}`);
    }
    const subscription = new LiveSubscription(stream, key, handlers as SubscriptionHandlers, fromVersion, this.unsubscribe);
    this.byStreamKey.set(id, subscription);
    this.sendSubscribe(subscription);
    return subscription;
  }

  /** A connection opened: every subscription is sent on it. */
  connected(): void {
    for (const subscription of this.byStreamKey.values()) {
      clearTimeout(subscription.retryTimer);
      subscription.awaitingToken = false;
      this.sendSubscribe(subscription);
    }
  }

  /** The connection is gone: every subscription is subscribing again (sent on the next open). */
  connectionLost(): void {
    for (const subscription of this.byStreamKey.values()) {
      clearTimeout(subscription.retryTimer);
      this.forgetRequest(subscription);
      this.toSubscribing(subscription, undefined);
    }
  }

  /** The client renewed its token on the live socket: what waited for it is sent again. */
  tokenRenewed(): void {
    for (const subscription of this.byStreamKey.values()) {
      if (!subscription.awaitingToken) continue;
      subscription.awaitingToken = false;
      this.sendSubscribe(subscription);
    }
  }

  /** The gateway registered the subscription that request `message.id` started: its messages follow. */
  confirm(message: SubscribedMessage): void {
    const subscription = this.byRequest.get(message.id);
    if (subscription === undefined || subscription.stream !== message.stream || subscription.key !== message.key) return;
    subscription.confirmed = true;
    // Before its first event an event stream resumes from where the gateway started it: no gap.
    if (!subscription.isView && subscription.lastVersion === undefined) subscription.lastVersion = message.version;
    const resumed = subscription.everSubscribed;
    subscription.everSubscribed = true;
    subscription.snapshotResumes = resumed;
    subscription.failures = 0;
    subscription.current = 'subscribed';
    const info: SubscribedInfo = {
      resumed,
      recovered: resumed && !subscription.isView && message.version !== undefined,
      version: subscription.isView ? undefined : subscription.lastVersion,
    };
    callSafely(() => subscription.handlers.onSubscribed?.(info));
  }

  /** Hands a snapshot or event to its subscription, unless the consumer already has its version. */
  deliver(message: SnapshotMessage | EventMessage): void {
    const subscription = this.byStreamKey.get(streamKey(message.stream, message.key));
    // Unsubscribed while the message was on its way, or it precedes this subscription's start.
    if (!subscription?.confirmed) return;
    if (subscription.lastVersion !== undefined && message.version <= subscription.lastVersion) return;
    subscription.lastVersion = message.version;
    const { handlers } = subscription;
    if (message.op === 'event') {
      callSafely(() => handlers.onEvent?.(message));
      return;
    }
    const info: SnapshotInfo = { resumed: subscription.snapshotResumes };
    subscription.snapshotResumes = false;
    callSafely(() => handlers.onSnapshot?.(message, info));
  }

  /** An error reply to request `id`; false when `id` is no subscription's. */
  fail(id: string, error: ServerError): boolean {
    const subscription = this.byRequest.get(id);
    if (subscription === undefined) return false;
    this.forgetRequest(subscription);
    this.afterError(subscription, error);
    return true;
  }

  /** The gateway ended a live subscription itself (`unsubscribed` with id null). */
  ended(message: UnsubscribedMessage): void {
    const subscription = this.byStreamKey.get(streamKey(message.stream, message.key));
    if (!subscription?.confirmed) return;
    this.forgetRequest(subscription);
    const error = new ServerError({ id: null, code: message.code ?? 'UNAVAILABLE', message: message.message ?? `the gateway ended ${message.stream} / ${message.key}` });
    this.afterError(subscription, error);
  }

  private afterError(subscription: LiveSubscription, error: ServerError): void {
    callSafely(() => subscription.handlers.onError?.(error));
    if (error.retriable) {
      this.toSubscribing(subscription, error);
      const delayMs = backoffDelay(subscription.failures, this.link.backoff);
      subscription.failures += 1;
      subscription.retryTimer = setTimeout(() => this.sendSubscribe(subscription), delayMs);
    } else if (needsNewToken(error)) {
      this.toSubscribing(subscription, error);
      subscription.awaitingToken = true;
      this.link.renewToken();
    } else {
      this.finish(subscription, { reason: 'server', error });
    }
  }

  private readonly unsubscribe = (subscription: LiveSubscription): void => {
    if (subscription.current === 'unsubscribed') return;
    // Sent only when the gateway may hold it; a subscription not yet sent needs no unsubscribe.
    if (subscription.requestId !== undefined) this.link.send({ op: 'unsubscribe', id: this.link.nextRequestId(), stream: subscription.stream, key: subscription.key });
    this.finish(subscription, { reason: 'client' });
  };

  private finish(subscription: LiveSubscription, info: UnsubscribedInfo): void {
    clearTimeout(subscription.retryTimer);
    this.forgetRequest(subscription);
    this.byStreamKey.delete(streamKey(subscription.stream, subscription.key));
    subscription.current = 'unsubscribed';
    callSafely(() => subscription.handlers.onUnsubscribed?.(info));
  }

  private sendSubscribe(subscription: LiveSubscription): void {
    if (subscription.current === 'unsubscribed') return;
    const id = this.link.nextRequestId();
    if (!this.link.send(subscription.frame(id))) return;
    this.forgetRequest(subscription);
    subscription.requestId = id;
    this.byRequest.set(id, subscription);
  }

  private toSubscribing(subscription: LiveSubscription, error: EventlineClientError | undefined): void {
    subscription.confirmed = false;
    if (subscription.current === 'subscribing' && error === undefined) return;
    subscription.current = 'subscribing';
    callSafely(() => subscription.handlers.onSubscribing?.(error === undefined ? {} : { error }));
  }

  private forgetRequest(subscription: LiveSubscription): void {
    if (subscription.requestId !== undefined) this.byRequest.delete(subscription.requestId);
    subscription.requestId = undefined;
    subscription.confirmed = false;
  }
}
