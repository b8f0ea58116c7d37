/**
 * The WebSocket endpoint (`GET /ws`) on the runtime's HTTP server: authenticates upgrades,
 * caps connections per user (WS_MAX_CONNECTIONS_PER_USER: 429 RATE_LIMITED) and in all
 * (WS_MAX_CONNECTIONS: 503 UNAVAILABLE) before a WebSocket exists, and keeps the set of
 * connections for the heartbeat and for shutdown.
 *
 * ws options: `noServer` (the HTTP server is shared with express), `maxPayload` =
 * WS_MAX_FRAME_BYTES (ws closes with 1009 beyond it), no permessage-deflate (it costs
 * memory per socket and CPU per frame, and frames here are small JSON).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuditEvent, AuditFields, AuditLog } from '../../platform/audit';
import type { Config } from '../../platform/config';
import { NotFoundError, RateLimitedError, UnavailableError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { EVENTLINE_SUBPROTOCOL } from '../../client/protocol';
import type { Principal, TokenVerifier } from '../auth';
import type { GatewayMetrics } from '../metrics';
import { toWireError } from '../protocol';
import { CLOSE_GOING_AWAY, Connection, type ConnectionContext } from './connection';
import { startHeartbeat } from './heartbeat';
import type { ClientSession, OpRouter } from './op-router';
import { SharedFrames } from './shared-frames';
import { TickFlusher } from './tick-flusher';
import { authenticateUpgrade, refuseUpgrade, WEBSOCKET_PATH } from './upgrade';

export interface SocketServerOptions {
  readonly server: Server;
  readonly config: Pick<
    Config,
    | 'wsMaxFrameBytes'
    | 'wsAllowedOrigins'
    | 'wsHeartbeatMs'
    | 'wsRatePerSec'
    | 'wsRateBurst'
    | 'wsRateBytesPerSec'
    | 'wsRateBytesBurst'
    | 'wsSendBufferBytes'
    | 'wsMaxConnectionsPerUser'
    | 'wsMaxConnections'
  >;
  readonly verify: TokenVerifier;
  readonly router: OpRouter;
  readonly metrics: Pick<GatewayMetrics, 'connections' | 'upgradesRefused' | 'rateLimited' | 'slowSocketCloses' | 'conflatedUpdates'>;
  readonly logger: Logger;
  /** Refused upgrades (credentials, origin, connection caps) and expired tokens. */
  readonly audit: AuditLog;
  /** Whether a socket over its send buffer bound may conflate instead of being closed 1013; never by default. */
  readonly canConflate?: (session: ClientSession) => boolean;
  /** Called once per connection when it has closed, and when its token expired (live subscriptions free what the socket held). */
  readonly onClose?: (session: ClientSession) => void;
  /** Called when a socket renewed its token (live subscriptions check what it follows again). */
  readonly onTokenRenewed?: (session: ClientSession) => void;
  /** How long `close` waits for clients to answer the 1001 close before dropping them. Default 2 s. */
  readonly closeGraceMs?: number;
}

/** Errors on a socket still being authenticated (client gone) need no handling beyond not crashing. */
function ignoreSocketError(): void {}

export class SocketServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  /** Open sockets (and upgrades under way) per user, for WS_MAX_CONNECTIONS_PER_USER. */
  private readonly perUser = new Map<string, number>();
  private upgrading = 0;
  private readonly context: ConnectionContext;
  private readonly stopHeartbeat: () => void;
  private accepting = true;
  private closing: Promise<void> | undefined;
  private allClosed: (() => void) | undefined;

  constructor(private readonly options: SocketServerOptions) {
    const { config, router, metrics, logger } = options;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.wsMaxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // Never the offered `bearer.<token>`: the token must not come back in the response.
      handleProtocols: (protocols) => (protocols.has(EVENTLINE_SUBPROTOCOL) ? EVENTLINE_SUBPROTOCOL : false),
    });
    this.context = {
      router,
      flusher: new TickFlusher(),
      frames: new SharedFrames(),
      metrics,
      logger,
      audit: options.audit,
      ratePerSec: config.wsRatePerSec,
      rateBurst: config.wsRateBurst,
      rateBytesPerSec: config.wsRateBytesPerSec,
      rateBytesBurst: config.wsRateBytesBurst,
      sendBufferBytes: config.wsSendBufferBytes,
      canConflate: options.canConflate ?? (() => false),
      onTokenExpired: options.onClose ?? (() => undefined),
      onTokenRenewed: options.onTokenRenewed ?? (() => undefined),
    };
    options.server.on('upgrade', this.onUpgrade);
    this.stopHeartbeat = startHeartbeat(this.connections, config.wsHeartbeatMs);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Refuses new upgrades (503), closes every socket with 1001, drops those that do not close in time. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.accepting = false;
      this.stopHeartbeat();
      for (const connection of this.connections) connection.close(CLOSE_GOING_AWAY, 'server shutting down');
      if (this.connections.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.closeGraceMs ?? 2_000);
          this.allClosed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      for (const connection of this.connections) connection.terminate();
      this.options.server.off('upgrade', this.onUpgrade);
      this.wss.close();
    })();
    return this.closing;
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== WEBSOCKET_PATH) return this.refuse(socket, new NotFoundError(`no WebSocket endpoint at ${url.pathname} (use ${WEBSOCKET_PATH})`));
    if (!this.accepting) return this.refuse(socket, new UnavailableError('the gateway is shutting down'));
    const { wsMaxConnections, wsMaxConnectionsPerUser } = this.options.config;
    const remote = request.socket.remoteAddress;
    // Counted before the token is verified too: a flood of upgrades costs no signature checks past the cap.
    if (this.connections.size + this.upgrading >= wsMaxConnections) {
      const error = new UnavailableError(`this gateway holds ${wsMaxConnections} sockets (WS_MAX_CONNECTIONS): try another, or later`);
      return this.refuse(socket, error, 'connection.capped', { remote });
    }
    this.upgrading += 1;
    socket.on('error', ignoreSocketError);
    authenticateUpgrade(request, url, this.options.config.wsAllowedOrigins, this.options.verify)
      .then(
        ({ principal, credential }) => {
          if (!this.accepting) return this.refuse(socket, new UnavailableError('the gateway is shutting down'));
          if (socket.destroyed) return;
          const held = this.perUser.get(principal.userId) ?? 0;
          if (held >= wsMaxConnectionsPerUser) {
            const error = new RateLimitedError(`a user may hold ${wsMaxConnectionsPerUser} sockets (WS_MAX_CONNECTIONS_PER_USER): close one first`, { retryAfterSeconds: 5 });
            return this.refuse(socket, error, 'connection.capped', { user: principal.userId, remote, credential });
          }
          this.perUser.set(principal.userId, held + 1);
          // ws installs its own error handling from here on.
          socket.off('error', ignoreSocketError);
          let accepted = false;
          this.wss.handleUpgrade(request, socket, head, (ws) => {
            accepted = true;
            this.accept(ws, principal, remote);
          });
          // handleUpgrade (synchronous here: no verifyClient) gives up without calling back when the socket broke meanwhile.
          if (!accepted) this.release(principal.userId);
        },
        (error: unknown) => this.refuse(socket, error, 'auth.refused', { remote }),
      )
      .finally(() => (this.upgrading -= 1));
  };

  private release(userId: string): void {
    const held = (this.perUser.get(userId) ?? 1) - 1;
    if (held > 0) this.perUser.set(userId, held);
    else this.perUser.delete(userId);
  }

  /** Answers the upgrade with the error; a refusal that matters to security is also an audit line. */
  private refuse(socket: Duplex, error: unknown, event?: AuditEvent, fields: AuditFields = {}): void {
    const wire = toWireError(error);
    this.options.metrics.upgradesRefused.labels({ code: wire.code }).inc();
    if (wire.code === 'INTERNAL') this.options.logger.warn({ err: error }, 'websocket upgrade failed');
    else if (event !== undefined) this.options.audit(event, { ...fields, transport: 'websocket', code: wire.code, reason: wire.message });
    refuseUpgrade(socket, wire);
  }

  private accept(ws: WebSocket, principal: Principal, remote: string | undefined): void {
    const connection = new Connection(randomUUID(), ws, principal, this.context, remote);
    this.connections.add(connection);
    this.options.metrics.connections.inc();
    this.options.logger.debug({ connection: connection.id, user: principal.userId }, 'websocket opened');
    ws.on('close', (code) => {
      connection.dispose();
      this.release(principal.userId);
      this.connections.delete(connection);
      this.options.metrics.connections.dec();
      this.options.onClose?.(connection);
      this.options.logger.debug({ connection: connection.id, code }, 'websocket closed');
      if (this.connections.size === 0) this.allClosed?.();
    });
  }
}
