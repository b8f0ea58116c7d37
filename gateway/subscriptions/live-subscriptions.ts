/**
 * Live subscriptions of one gateway: the `subscribe` / `unsubscribe` requests of its sockets
 * and the fan-out handlers the feed consumer calls for `<domain>.events` and `views.*`.
 * Every gateway instance reads every partition and serves only its own sockets.
 */
import { BadRequestError, UnavailableError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { TopicNames } from '../../platform/kafka';
import { authorizeSubscription } from '../auth';
import type { FeedHandler, FeedTopic } from '../fanout';
import type { GatewayMetrics } from '../metrics';
import { subscribedMessage, unsubscribedMessage, type SubscribeRequest, type UnsubscribeRequest } from '../protocol';
import type { ClientSession } from '../ws';
import { EventSubscription, type CatchUpOptions, type EventSubscriptionContext } from './event-subscription';
import { eventsFeedHandler, viewsFeedHandler } from './feed-handlers';
import { FeedPositions } from './feed-positions';
import type { SubscriptionReaders } from './readers';
import { SubscriptionRegistry } from './registry';
import { StreamCatalog, type Stream } from './streams';
import type { Subscription } from './subscription';
import { ViewSubscription } from './view-subscription';

export type SubscriptionOptions = CatchUpOptions;

export const SUBSCRIPTION_DEFAULTS: SubscriptionOptions = Object.freeze({
  historyPageSize: 500,
  catchUpRetryMs: 25,
  catchUpTimeoutMs: 5_000,
});

export interface LiveSubscriptionsOptions {
  readonly topics: TopicNames;
  /** Snapshots and history; without a database only event streams without fromVersion can be followed. */
  readonly readers: SubscriptionReaders | undefined;
  /** WS_MAX_SUBSCRIPTIONS. */
  readonly maxPerSocket: number;
  readonly options: SubscriptionOptions;
  readonly metrics: Pick<GatewayMetrics, 'subscriptions' | 'fanoutMessages' | 'catchUpFailures'>;
  readonly logger: Logger;
}

export class LiveSubscriptions {
  private readonly catalog: StreamCatalog;
  private readonly registry: SubscriptionRegistry;
  private readonly positions = new FeedPositions();
  private readonly events: EventSubscriptionContext;
  readonly onEvent: FeedHandler;
  readonly onViewChange: FeedHandler;

  constructor(private readonly settings: LiveSubscriptionsOptions) {
    const { topics, maxPerSocket, metrics, logger } = settings;
    this.catalog = new StreamCatalog(topics);
    this.registry = new SubscriptionRegistry(maxPerSocket, metrics.subscriptions);
    this.events = {
      readers: settings.readers,
      positions: this.positions,
      options: settings.options,
      release: this.release,
      onCatchUpFailed: () => metrics.catchUpFailures.inc(),
    };
    const fanout = { catalog: this.catalog, registry: this.registry, positions: this.positions, delivered: metrics.fanoutMessages, logger };
    this.onEvent = eventsFeedHandler(fanout);
    this.onViewChange = viewsFeedHandler(fanout);
  }

  /** The topics the feed consumer reads for subscriptions. */
  feedTopics(): FeedTopic[] {
    return this.catalog.feedTopics();
  }

  /**
   * Registers the subscription and answers `subscribed`; its snapshot or history follows.
   * Throws UNAUTHORIZED/FORBIDDEN (scope, key), NOT_FOUND (stream), BAD_REQUEST (already
   * subscribed, no history to resume from), RATE_LIMITED (WS_MAX_SUBSCRIPTIONS), UNAVAILABLE
   * (no database for a snapshot or history).
   */
  subscribe(request: SubscribeRequest, session: ClientSession): void {
    authorizeSubscription(session.principal, request.stream, request.key);
    const stream = this.catalog.find(request.stream);
    const subscription = this.create(stream, request, session);
    this.registry.add(subscription);
    session.send(subscribedMessage(request.id, stream.name, request.key));
    void subscription.start();
  }

  /** Answers `unsubscribed` whether or not the socket followed stream + key: afterwards it does not. */
  unsubscribe(request: UnsubscribeRequest, session: ClientSession): void {
    const stream = this.catalog.find(request.stream);
    this.registry.remove(session, stream, request.key);
    session.send(unsubscribedMessage(request.id, stream.name, request.key));
  }

  /** For the socket server: a slow socket may conflate when it follows views only. */
  readonly canConflate = (session: ClientSession): boolean => this.registry.canConflate(session);

  /** For the socket server: a closed socket's subscriptions end. */
  readonly socketClosed = (session: ClientSession): void => this.registry.releaseSocket(session);

  private readonly release = (subscription: Subscription): void => this.registry.release(subscription);

  private create(stream: Stream, request: SubscribeRequest, session: ClientSession): Subscription {
    const { readers } = this.settings;
    if (stream.kind === 'views') {
      if (request.fromVersion !== undefined) throw new BadRequestError(`${stream.name} is a view: it starts from a snapshot, not from a version`);
      if (readers === undefined) throw new UnavailableError('view snapshots need the gateway database');
      return new ViewSubscription(session, stream, request.key, request.id, readers, this.release);
    }
    if (request.fromVersion !== undefined) {
      if (stream.history === undefined) throw new BadRequestError(`${stream.name} keeps no event history: subscribe without fromVersion`);
      if (readers === undefined) throw new UnavailableError('resuming from a version needs the gateway database');
    }
    return new EventSubscription(session, stream, request.key, request.fromVersion, this.events);
  }
}
