/**
 * Assembles the gateway on a started runtime: command ingress (WebSocket and HTTP), REST
 * reads and read-your-writes waits (with a database), live subscriptions, the fan-out
 * consumer with outcome routing, and their shutdown. `main.ts` runs it as a process; tests
 * start it in-process on a runtime of their own.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { domains } from '../domains';
import { createAuditLog } from '../platform/audit';
import { requireSafeClientPort } from '../platform/config';
import { UnavailableError } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import { postgresAccessFacts } from '../read-models';
import type { Codec } from '../schemas';
import { loadCodec } from '../schemas/registry';
import { AccessControl, createTokenVerifier, logDevelopmentToken } from './auth';
import { createDashboardRouter } from './dashboard';
import { FeedConsumer, gatewayGroupPrefix, startGroupSweeper, type FeedTopic } from './fanout';
import { authenticate, commandRoutes, mountHttpApi } from './http';
import { createClientServer } from './listener';
import { CommandIngress, CommandTable, PUBLISHER_DEFAULTS, startCommandPublisher, type PublisherOptions } from './ingress';
import { UserBuckets } from './limits';
import { createGatewayMetrics } from './metrics';
import { createOutcomeRouter, PendingCommands, PROJECTION_POLL_MS, ProjectionWaits } from './outcomes';
import { createReadRoutes } from './reads';
import { LiveSubscriptions, postgresReaders, subscribeOp, SUBSCRIPTION_DEFAULTS, unsubscribeOp, type SubscriptionOptions } from './subscriptions';
import { authOp, commandOp, OpRouter, pingOp, SocketServer } from './ws';

export interface GatewayOptions {
  /** The record codec; by default the committed catalog's (schemas/catalog.json), with the registry's ids when SCHEMA_REGISTRY_URL is set. */
  readonly codec?: Codec;
  /** Lanes and batching limits of the command publisher (see PublisherOptions); each command's time to be acknowledged is COMMAND_TIMEOUT_MS. */
  readonly publisher?: Partial<PublisherOptions>;
  /** History paging and catch-up bounds of event subscriptions (see SubscriptionOptions). */
  readonly subscriptions?: Partial<SubscriptionOptions>;
  /** How often read-your-writes waits poll the projection checkpoints; default PROJECTION_POLL_MS. */
  readonly projectionPollMs?: number;
}

export interface Gateway {
  /** The port HTTP and WebSocket listen on (PORT, or the one the OS chose for PORT=0). */
  readonly port: number;
  /** Whether it serves https:// and wss:// (TLS_CERT_FILE). */
  readonly secure: boolean;
}

/**
 * Resolves once the gateway takes commands and subscriptions: producer connected, feed
 * consumer joined at the end of every topic it reads; only then does its client port listen
 * (until then, /readyz on the operations port says it is starting). It stops with the runtime
 * (`runtime.lifecycle`).
 */
export async function startGateway(runtime: Runtime, options: GatewayOptions = {}): Promise<Gateway> {
  const { config, kafka, topics, logger, orm } = runtime;
  requireSafeClientPort(config);
  // AUDIT_LOG: one line per security-relevant event (platform/audit.ts); closed last, after everything that writes to it.
  const auditTrail = createAuditLog(runtime.service, config.auditLog);
  runtime.lifecycle.onShutdown('audit log', () => auditTrail.close());
  const audit = auditTrail.write;
  const app = express();
  app.disable('x-powered-by');
  const client = createClientServer(app, config, logger);
  // Closed last of the gateway's parts (steps run in reverse): sockets and HTTP waiters are answered before.
  runtime.lifecycle.onShutdown('client port', () => client.close());
  runtime.addReadinessCheck({
    name: 'gateway',
    check: async () => {
      if (!client.server.listening) throw new UnavailableError('the gateway is starting');
    },
  });
  const codec = options.codec ?? (await loadCodec(config, logger));
  const metrics = createGatewayMetrics(runtime.metrics);
  const verify = createTokenVerifier(config);
  const access = new AccessControl(orm === undefined ? undefined : postgresAccessFacts(orm));
  // One budget per user for whatever reads the database on their behalf: HTTP requests and subscriptions.
  const reads = new UserBuckets(config.httpRatePerSec, config.httpRateBurst, 'requests');
  const authenticated = authenticate(verify, reads, audit);
  const table = new CommandTable(domains, topics, codec, metrics);
  const pending = new PendingCommands(config.commandTimeoutMs);

  // Each part registers its shutdown step as soon as it runs: the steps run in reverse
  // (sockets close 1001, queued commands are written, the consumer leaves, waiters hear),
  // and a start-up that fails half-way still shuts down what it started.
  const { lifecycle } = runtime;
  const admin = kafka.admin();
  await admin.connect();
  lifecycle.onShutdown('gateway kafka admin', () => admin.disconnect());
  lifecycle.onShutdown('pending outcomes', async () => pending.close());
  // Snapshots, history and read-your-writes need the database; a runtime started without one serves the rest.
  const waits =
    orm === undefined
      ? undefined
      : new ProjectionWaits({ orm, topics, domains, timeoutMs: config.commandTimeoutMs, pollMs: options.projectionPollMs ?? PROJECTION_POLL_MS, metrics, logger });
  if (waits) lifecycle.onShutdown('projection waits', async () => waits.close());

  const live = new LiveSubscriptions({
    topics,
    readers: orm === undefined ? undefined : postgresReaders(orm),
    access,
    reads,
    maxPerSocket: config.wsMaxSubscriptions,
    options: { ...SUBSCRIPTION_DEFAULTS, ...options.subscriptions },
    metrics,
    logger: logger.child({ component: 'subscriptions' }),
    status: { kafka, admin, groupPrefix: gatewayGroupPrefix(config.kafkaClientId) },
  });
  const feedTopics: FeedTopic[] = [
    ...domains.map((domain): FeedTopic => ({ topic: topics.domain(domain.name, 'outcomes'), kind: 'outcomes', domain: domain.name })),
    ...live.feedTopics(),
  ];
  const feed = await FeedConsumer.start({
    kafka,
    admin,
    groupId: `${gatewayGroupPrefix(config.kafkaClientId)}${randomUUID()}`,
    sessionTimeoutMs: config.groupSessionTimeoutMs,
    heartbeatIntervalMs: config.groupHeartbeatIntervalMs,
    topics: feedTopics,
    handlers: { outcomes: createOutcomeRouter(pending, logger, audit), events: live.onEvent, views: live.onViewChange },
    codec,
    metrics,
    logger: logger.child({ component: 'feed' }),
  });
  lifecycle.onShutdown('feed consumer', () => feed.close());
  const board = live.statusBoard!;
  board.start();
  lifecycle.onShutdown('status board', () => board.stop());
  const stopSweeping = startGroupSweeper(admin, gatewayGroupPrefix(config.kafkaClientId), logger.child({ component: 'group-sweeper' }));
  lifecycle.onShutdown('group sweeper', async () => stopSweeping());

  const publisherOptions = { ...PUBLISHER_DEFAULTS, ...options.publisher, commandTimeoutMs: config.commandTimeoutMs };
  const publisher = await startCommandPublisher(kafka, admin, table.topics, publisherOptions, metrics, logger);
  lifecycle.onShutdown('command publisher', () => publisher.close());
  const ingress = new CommandIngress(table, codec, publisher, pending, metrics);

  const routers = [commandRoutes({ ingress, authenticated, maxBodyBytes: config.wsMaxFrameBytes, waits })];
  if (orm) routers.push(createReadRoutes({ orm, authenticated, access }));
  // The dashboard serves GET / and its assets; it sits before the API's JSON 404 and error handler.
  app.use(createDashboardRouter());
  mountHttpApi(app, routers, logger);
  const router = new OpRouter()
    .register('command', commandOp(ingress, waits))
    .register('ping', pingOp)
    .register('auth', authOp(verify))
    .register('subscribe', subscribeOp(live))
    .register('unsubscribe', unsubscribeOp(live));
  const sockets = new SocketServer({
    server: client.server,
    config,
    verify,
    router,
    metrics,
    logger: logger.child({ component: 'websocket' }),
    audit,
    canConflate: live.canConflate,
    onClose: live.socketClosed,
    onTokenRenewed: live.tokenRenewed,
  });
  lifecycle.onShutdown('websocket server', () => sockets.close());

  const port = await client.listen();
  logger.info({ host: config.host, port, tls: client.secure }, 'client port listening');
  await logDevelopmentToken(config, logger, { port, secure: client.secure });
  return { port, secure: client.secure };
}
