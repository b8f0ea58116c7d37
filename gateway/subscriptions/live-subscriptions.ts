/**
 * Live subscriptions of one gateway: the `subscribe` / `unsubscribe` requests of its sockets
 * and the fan-out handlers the feed consumer calls for `<domain>.events` and `views.*`.
 * Every gateway instance reads every partition and serves only its own sockets.
 *
 * A subscribe request is checked in order of cost: the stream exists, the socket has room
 * (WS_MAX_SUBSCRIPTIONS, subscriptions still being authorized included), the request makes
 * sense, the user's read rate (HTTP_RATE_PER_SEC, shared with the HTTP API) — then the access decision (auth/access-control.ts: scope and key restriction, then
 * the domain's ownership rule over the read models) and, for an event stream without
 * `fromVersion`, the aggregate's latest version, which `subscribed` names so a client that
 * reconnects before its first event resumes from it without a gap.
 */
import { BadRequestError, ForbiddenError, TokenExpiredError, UnavailableError } from '../../platform/errors';
import type { KafkaAdmin, KafkaClient } from '../../platform/kafka';
import { isStaff } from '../../domains';
import type { Logger } from '../../platform/logger';
import type { TopicNames } from '../../platform/kafka';
import { quoted } from '../../platform/text';
import { subscribeScope, type AccessControl, type Grant } from '../auth';
import type { FeedHandler, FeedTopic } from '../fanout';
import type { UserBuckets } from '../limits';
import type { GatewayMetrics } from '../metrics';
import { endedMessage, subscribedMessage, toWireError, unsubscribedMessage, type SubscribeRequest, type UnsubscribeRequest } from '../protocol';
import type { ClientSession } from '../ws';
import { EventSubscription, type CatchUpOptions, type EventSubscriptionContext } from './event-subscription';
import { eventsFeedHandler, viewsFeedHandler } from './feed-handlers';
import { FeedPositions } from './feed-positions';
import type { SubscriptionReaders } from './readers';
import { SubscriptionRegistry } from './registry';
import { StatusBoard, STATUS_KEY } from './status-board';
import { StreamCatalog, type EventStream, type Stream } from './streams';
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
  /** Who may follow what. */
  readonly access: AccessControl;
  /** Per-user requests that read the database (HTTP_RATE_PER_SEC): each subscribe takes one. */
  readonly reads: UserBuckets;
  /** WS_MAX_SUBSCRIPTIONS. */
  readonly maxPerSocket: number;
  readonly options: SubscriptionOptions;
  readonly metrics: Pick<GatewayMetrics, 'subscriptions' | 'fanoutMessages' | 'catchUpFailures' | 'catchingUp'>;
  readonly logger: Logger;
  /** Where the `ops.status` board reads the instances' statuses; without it that stream is UNAVAILABLE. */
  readonly status?: { readonly kafka: KafkaClient; readonly admin: KafkaAdmin; readonly groupPrefix: string };
}

export class LiveSubscriptions {
  private readonly catalog: StreamCatalog;
  private readonly registry: SubscriptionRegistry;
  private readonly positions = new FeedPositions();
  private readonly events: EventSubscriptionContext;
  /** Subscribe requests of each socket still being authorized: they count against its limit. */
  private readonly authorizing = new Map<ClientSession, number>();
  readonly onEvent: FeedHandler;
  readonly onViewChange: FeedHandler;
  /** The `ops.status` board; the gateway starts and stops it. */
  readonly statusBoard: StatusBoard | undefined;

  constructor(private readonly settings: LiveSubscriptionsOptions) {
    const { topics, maxPerSocket, metrics, logger } = settings;
    this.catalog = new StreamCatalog(topics);
    this.registry = new SubscriptionRegistry(maxPerSocket, metrics.subscriptions);
    this.statusBoard = settings.status && new StatusBoard({ ...settings.status, stream: this.catalog.status, registry: this.registry, logger });
    this.events = {
      readers: settings.readers,
      positions: this.positions,
      options: settings.options,
      release: this.release,
      onCatchUpFailed: () => metrics.catchUpFailures.inc(),
      catchingUp: metrics.catchingUp,
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
   * Rejects NOT_FOUND (stream), BAD_REQUEST (already subscribed, no history to resume from),
   * RATE_LIMITED (WS_MAX_SUBSCRIPTIONS), TOKEN_EXPIRED / FORBIDDEN (scope, key, not the
   * user's: said the same whether the key exists or not), UNAVAILABLE (no database).
   */
  async subscribe(request: SubscribeRequest, session: ClientSession): Promise<void> {
    const stream = this.catalog.find(request.stream);
    const authorizing = this.authorizing.get(session) ?? 0;
    this.registry.checkRoom(session, stream, request.key, authorizing);
    this.checkRequest(stream, request);
    // A subscription reads the database (access facts, its start, its snapshot or history): it counts like an HTTP read.
    this.settings.reads.take(session.principal.userId);
    this.authorizing.set(session, authorizing + 1);
    let grant: Grant;
    let fromVersion: number | undefined;
    try {
      grant = await this.authorize(stream, request.key, session);
      fromVersion = request.fromVersion ?? (stream.kind === 'events' ? await this.latestVersion(stream, request.key) : undefined);
    } finally {
      const left = (this.authorizing.get(session) ?? 1) - 1;
      if (left > 0) this.authorizing.set(session, left);
      else this.authorizing.delete(session);
    }
    if (!session.open) return;
    // Created and registered in one turn of the event loop (see EventSubscription).
    const subscription = this.create(stream, request, fromVersion, grant, session);
    this.registry.add(subscription);
    session.audit('subscription.granted', { stream: stream.name, key: request.key });
    session.send(subscribedMessage(request.id, stream.name, request.key, stream.kind === 'events' ? fromVersion : undefined));
    void subscription.start();
  }

  /** Answers `unsubscribed` whether or not the socket followed stream + key: afterwards it does not. */
  unsubscribe(request: UnsubscribeRequest, session: ClientSession): void {
    const stream = this.catalog.find(request.stream);
    this.registry.remove(session, stream, request.key);
    session.send(unsubscribedMessage(request.id, stream.name, request.key));
  }

  /** The socket renewed its token: subscriptions the new token does not grant end, each with an `unsubscribed` saying why. */
  readonly tokenRenewed = (session: ClientSession): void => {
    for (const subscription of this.registry.ofSocket(session)) {
      if (subscription.grant(session.principal)) continue;
      this.registry.release(subscription);
      const why = toWireError(new ForbiddenError('the renewed token does not grant this subscription'));
      session.audit('subscription.denied', { stream: subscription.stream.name, key: subscription.key, code: why.code, reason: why.message });
      session.send(endedMessage(subscription.stream.name, subscription.key, why));
    }
  };

  /** For the socket server: a slow socket may conflate when it follows views only. */
  readonly canConflate = (session: ClientSession): boolean => this.registry.canConflate(session);

  /** For the socket server: a socket closed, or its token expired; its subscriptions end at once. */
  readonly socketClosed = (session: ClientSession): void => this.registry.releaseSocket(session);

  private readonly release = (subscription: Subscription): void => this.registry.release(subscription);

  /** What can be refused from the request alone, before any read. */
  private checkRequest(stream: Stream, request: SubscribeRequest): void {
    const { readers } = this.settings;
    if (stream.kind === 'status') {
      if (request.key !== STATUS_KEY) throw new BadRequestError(`${stream.name} has one key, "${STATUS_KEY}"`);
      if (request.fromVersion !== undefined) throw new BadRequestError(`${stream.name} starts from a snapshot, not from a version`);
      if (this.statusBoard === undefined) throw new UnavailableError(`${stream.name} is not served by this gateway`);
    } else if (stream.kind === 'views') {
      if (request.fromVersion !== undefined) throw new BadRequestError(`${stream.name} is a view: it starts from a snapshot, not from a version`);
      if (readers === undefined) throw new UnavailableError('view snapshots need the gateway database');
    } else if (request.fromVersion !== undefined) {
      if (stream.history === undefined) throw new BadRequestError(`${stream.name} keeps no event history: subscribe without fromVersion`);
      if (readers === undefined) throw new UnavailableError('resuming from a version needs the gateway database');
    }
  }

  /** The access decision; a refusal (FORBIDDEN, TOKEN_EXPIRED) is an audit line. */
  private async authorize(stream: Stream, key: string, session: ClientSession): Promise<Grant> {
    const scope = subscribeScope(stream.name);
    const { principal } = session;
    try {
      const grant =
        stream.kind === 'events'
          ? await this.settings.access.aggregate(principal, scope, stream.domain, key)
          : this.settings.access.view(principal, scope, stream.name, key, stream.kind === 'views' ? stream.model.projection.readableBy : isStaff);
      if (grant === undefined) throw new ForbiddenError(`${stream.name} ${quoted(key)} does not exist or is not yours to follow`);
      return grant;
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof TokenExpiredError) {
        const { code, message } = toWireError(error);
        session.audit('subscription.denied', { stream: stream.name, key, code, reason: message });
      }
      throw error;
    }
  }

  /** Where a subscription without `fromVersion` starts; undefined (the next live event) without a history to read. */
  private async latestVersion(stream: EventStream, key: string): Promise<number | undefined> {
    const { readers } = this.settings;
    if (readers === undefined || stream.history === undefined) return undefined;
    return readers.latestVersion(stream, key);
  }

  private create(stream: Stream, request: SubscribeRequest, fromVersion: number | undefined, grant: Grant, session: ClientSession): Subscription {
    if (stream.kind === 'status') {
      const board = this.statusBoard!;
      return new ViewSubscription(session, stream, request.key, request.id, grant, { snapshot: async () => board.snapshot() }, this.release);
    }
    if (stream.kind === 'views') return new ViewSubscription(session, stream, request.key, request.id, grant, this.settings.readers!, this.release);
    return new EventSubscription(session, stream, request.key, fromVersion, grant, this.events);
  }
}
