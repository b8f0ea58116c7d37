/**
 * EventlineClient: one WebSocket to the gateway, kept open. It sends commands and hands back
 * their ack and outcome, keeps subscriptions, renews its token on the live socket, notices a
 * dead connection, and after a drop reconnects with backoff, resubscribes from the last
 * version each subscription has and sends again every command still waiting — so its user
 * sees no gap, no duplicate and no lost outcome.
 *
 * States: disconnected → connect() → connecting ⇄ connected; back to disconnected on
 * close() or a failure that retrying cannot cure (a refused token with no getToken, a 403/404
 * upgrade); connect() starts again from there.
 */
import { backoffDelay } from './backoff.js';
import { deferred, type Deferred } from './deferred.js';
import {
  asError,
  ClientClosedError,
  ConnectTimeoutError,
  FrameTooLargeError,
  needsNewToken,
  PingTimeoutError,
  ServerError,
  TokenExpiredError,
  UpgradeRefusedError,
  type EventlineClientError,
} from './errors.js';
import { decodeFrame, textBytes } from './frames.js';
import { randomUuid } from './ids.js';
import { socketArguments } from './credentials.js';
import { Listeners } from './listeners.js';
import { Liveness } from './liveness.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions, type WebSocketLike } from './options.js';
import { PendingCommands, type CommandHandle, type CommandWait } from './pending-commands.js';
import type { AckMessage, AuthenticatedMessage, ClientFrame, CommandFrame, ErrorMessage, OutcomeMessage, ServerMessage } from './protocol.js';
import type { ClientSchema, SchemaCommand, StreamEvent, StreamName, StreamSnapshot, UntypedSchema } from './schema.js';
import { Subscriptions, type SubscribeOptions, type Subscription, type SubscriptionHandlers } from './subscriptions.js';
import { TokenKeeper } from './token-keeper.js';
import { watchUpgradeRefusal } from './upgrade-refusal.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

/**
 * Codes of `connecting` and `disconnected` that are not WebSocket close codes (those are
 * 1000–4999: the gateway's, or 1006 when a socket ended without a close frame — a refused
 * upgrade, a lost network, a silent connection the client dropped).
 */
export const CLIENT_CODES = Object.freeze({
  /** `connect()` started the client. */
  CONNECT_CALLED: 0,
  /** `reconnect()` dropped the connection to dial again. */
  RECONNECT_CALLED: 1,
  /** getToken failed: no token to dial with. */
  NO_TOKEN: 2,
});

export interface ConnectingEvent {
  /** Why the client is (re)connecting: a close code, or one of CLIENT_CODES. */
  readonly code: number;
  readonly reason: string;
  /** The typed cause when there is one: UpgradeRefusedError, PingTimeoutError, ConnectTimeoutError, TokenRequestError, ServerError (TOKEN_EXPIRED)… */
  readonly error?: EventlineClientError;
  /** Failed attempts since the client was last connected (0 when `connect()` or `reconnect()` started it). */
  readonly attempt: number;
  /** The wait before the next attempt, ms. */
  readonly delayMs: number;
}

export interface ConnectedEvent {
  /** Connected before: subscriptions resume, waiting commands are sent again. */
  readonly reconnected: boolean;
}

export interface DisconnectedEvent {
  /** 1000 after `close()`; else the close code of the last attempt (1006 for a refused upgrade, 4001 for an expired token). */
  readonly code: number;
  readonly reason: string;
  /** Why the client gave up: ClientClosedError, UpgradeRefusedError (401 with no getToken, 403, 404), ServerError or TokenExpiredError (TOKEN_EXPIRED with no getToken). */
  readonly error: EventlineClientError;
}

export interface ClientEvents {
  connecting: ConnectingEvent;
  connected: ConnectedEvent;
  disconnected: DisconnectedEvent;
  /** The socket's token was renewed in place (the `auth` op); `exp` is the new expiry, seconds since the epoch. */
  renewed: { readonly exp: number };
  /**
   * Errors no request owns: a refused upgrade, a silent connection, a failed getToken, a
   * refused renewal, a malformed frame, an error reply without a known request id. The client carries on.
   */
  error: Error;
}

type Cause = Pick<ConnectingEvent, 'code' | 'reason' | 'error'>;

/** `WebSocket.OPEN`, the same in every implementation. */
const OPEN = 1;
const NORMAL_CLOSURE = 1000;
/** The gateway's close code for an expired token. */
const CLOSE_TOKEN_EXPIRED = 4001;
/** setTimeout's longest delay (about 24.8 days); a renewal further off is simply late. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class EventlineClient<S extends ClientSchema = UntypedSchema> {
  private readonly options: ResolvedOptions;
  private readonly listeners = new Listeners<ClientEvents>();
  private readonly commands: PendingCommands;
  private readonly subscriptions: Subscriptions;
  private readonly tokens: TokenKeeper;
  private readonly liveness: Liveness;
  private current: ConnectionState = 'disconnected';
  private socket: WebSocketLike | undefined;
  /** Why the current socket's upgrade was refused (Node `ws` only). */
  private refusal: UpgradeRefusedError | undefined;
  /** Failed attempts since last connected. */
  private attempt = 0;
  private everConnected = false;
  /** Settled by the next `connected` (resolve) or `disconnected` (reject); what connect() returns meanwhile. */
  private waiting: Deferred<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** The `auth` request in flight on the live socket. */
  private authRequest: string | undefined;
  private renewFailures = 0;
  private requests = 0;
  /** Why the client gave up, until connect() starts it again: commands sent meanwhile fail with it at once. */
  private stoppedBy: EventlineClientError | undefined;

  /** Throws TypeError for bad options; does not connect yet (see `connect`). */
  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.commands = new PendingCommands(this.options.commandTimeoutMs);
    this.tokens = new TokenKeeper(this.options.token, this.options.getToken, this.options.tokenRenewBeforeMs);
    this.liveness = new Liveness(
      this.options.pingIntervalMs,
      this.options.pongTimeoutMs,
      () => this.write({ op: 'ping', id: this.nextRequestId() }),
      () => this.abandon(new PingTimeoutError(`nothing heard from the gateway within ${this.options.pongTimeoutMs} ms of a ping`)),
    );
    this.subscriptions = new Subscriptions({
      send: (frame) => this.write(frame),
      nextRequestId: () => this.nextRequestId(),
      backoff: this.options,
      renewToken: () => void this.renew(),
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  /**
   * Connects, and from then on stays connected until `close()`. Resolves once connected;
   * rejects with the reason when the client gives up first (`disconnected`: e.g. the gateway
   * refused the token and there is no getToken, or `close()`). While the gateway is
   * unreachable it keeps retrying and the promise waits (`connecting` events say why).
   */
  connect(): Promise<void> {
    if (this.current === 'connected') return Promise.resolve();
    if (this.current === 'disconnected') {
      this.stoppedBy = undefined;
      this.waiting = deferred();
      this.attempt = 0;
      this.startAttempt({ code: CLIENT_CODES.CONNECT_CALLED, reason: 'connect() called' }, 0);
    }
    this.waiting ??= deferred();
    return this.waiting.promise;
  }

  /** Drops the connection (if any) and dials again at once, e.g. when the application knows the network is back. */
  reconnect(): void {
    if (this.current === 'disconnected') {
      void this.connect();
      return;
    }
    const socket = this.detach();
    socket?.close(NORMAL_CLOSURE, 'client reconnecting');
    this.attempt = 0;
    this.startAttempt({ code: CLIENT_CODES.RECONNECT_CALLED, reason: 'reconnect() called' }, 0);
  }

  /**
   * Disconnects: no reconnect; waiting commands and `connect()` fail with ClientClosedError.
   * Subscriptions stay and resume if `connect()` is called again. Safe to call twice.
   */
  close(): void {
    const socket = this.detach();
    socket?.close(NORMAL_CLOSURE, 'client closed');
    this.giveUp({ code: NORMAL_CLOSURE, reason: 'client closed', error: new ClientClosedError('the client was closed') });
  }

  /**
   * Replaces the token. On a live socket it is sent at once with the `auth` op (the
   * connection stays); otherwise the next connection attempt uses it.
   */
  setToken(token: string): void {
    if (typeof token !== 'string' || token === '') throw new TypeError('token must be a non-empty string');
    this.tokens.set(token);
    this.sendAuth(token);
  }

  /**
   * Sends a command; returns its id and promises of its ack and its outcome. Commands sent
   * before `connect()` or while reconnecting wait for the connection; after the client gave
   * up (`disconnected`) they fail at once with its reason. A rejected outcome resolves (it is the
   * domain's answer); an error reply (INVALID_COMMAND, FORBIDDEN, …) rejects both promises
   * with ServerError, no answer in time with CommandTimeoutError.
   */
  send(command: SchemaCommand<S>): CommandHandle {
    return this.submit(command, 'outcome');
  }

  /** Sends a command and resolves with its ack (`wait: 'ack'`) or, by default, its outcome (when `await` says). */
  command(command: SchemaCommand<S>, options: { readonly wait: 'ack' }): Promise<AckMessage>;
  command(command: SchemaCommand<S>, options?: { readonly wait?: 'outcome' }): Promise<OutcomeMessage>;
  command(command: SchemaCommand<S>, options: { readonly wait?: CommandWait } = {}): Promise<AckMessage | OutcomeMessage> {
    const wait = options.wait ?? 'outcome';
    const handle = this.submit(command, wait);
    return wait === 'ack' ? handle.ack : handle.outcome;
  }

  /**
   * Follows `stream` + `key` (e.g. `views.store_stats` / `store-7`, `chat.events` /
   * `room-1`): a snapshot (views), then every change, in version order, across reconnects.
   * Starts `subscribing`; returns the subscription (its state, `unsubscribe()`). Throws
   * TypeError when stream + key is already subscribed.
   */
  subscribe<N extends StreamName<S>>(stream: N, key: string, handlers: SubscriptionHandlers<StreamEvent<S, N>, StreamSnapshot<S, N>>, options: SubscribeOptions = {}): Subscription {
    return this.subscriptions.add(stream, key, handlers as SubscriptionHandlers<never, never>, options);
  }

  private submit(command: SchemaCommand<S>, wait: CommandWait): CommandHandle {
    const { domain, name, key, data, correlationId, traceparent, tracestate } = command;
    const frame: CommandFrame = {
      op: 'command',
      id: command.id ?? randomUuid(),
      domain,
      name,
      key,
      data,
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(command.await === undefined ? {} : { await: command.await }),
      ...(traceparent === undefined ? {} : { traceparent }),
      ...(tracestate === undefined ? {} : { tracestate }),
    };
    const handle = this.commands.add(frame, wait);
    // Stringified once: measured, then sent as is.
    const text = JSON.stringify(frame);
    const bytes = textBytes(text, this.options.maxFrameBytes);
    if (this.stoppedBy !== undefined) this.commands.fail(frame.id, this.stoppedBy);
    else if (bytes > this.options.maxFrameBytes) this.commands.fail(frame.id, new FrameTooLargeError(frame.id, bytes, this.options.maxFrameBytes));
    else this.writeText(text);
    return handle;
  }

  private startAttempt(cause: Cause, delayMs: number): void {
    this.current = 'connecting';
    this.listeners.emit('connecting', { ...cause, attempt: this.attempt, delayMs });
    this.retryTimer = setTimeout(() => void this.dial(), delayMs);
  }

  /** After a failed attempt or a lost connection: the next attempt after a backoff delay (at least `minDelayMs`). */
  private retryLater(cause: Cause, minDelayMs = 0): void {
    const delayMs = Math.max(minDelayMs, backoffDelay(this.attempt, this.options));
    this.attempt += 1;
    this.startAttempt(cause, delayMs);
  }

  private async dial(): Promise<void> {
    this.retryTimer = undefined;
    let token: string;
    try {
      token = await this.tokens.forConnection();
    } catch (error) {
      if (this.current !== 'connecting' || this.retryTimer !== undefined) return;
      const cause = error as EventlineClientError;
      this.listeners.emit('error', cause);
      this.retryLater({ code: CLIENT_CODES.NO_TOKEN, reason: cause.message, error: cause });
      return;
    }
    // close() or reconnect() came while the token was on its way.
    if (this.current !== 'connecting' || this.retryTimer !== undefined || this.socket !== undefined) return;
    let socket: WebSocketLike;
    try {
      const { protocols, options } = socketArguments(this.options.WebSocket, token);
      socket = options === undefined ? new this.options.WebSocket(this.options.url.toString(), protocols) : new this.options.WebSocket(this.options.url.toString(), protocols, options);
    } catch (error) {
      this.listeners.emit('error', asError(error));
      this.retryLater({ code: 1006, reason: 'the WebSocket could not be created' });
      return;
    }
    this.socket = socket;
    this.refusal = undefined;
    watchUpgradeRefusal(socket, (refusal) => this.socket === socket && (this.refusal = refusal));
    this.connectTimer = setTimeout(() => this.abandon(new ConnectTimeoutError(`the connection did not open within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
    // Events of a socket this client has since replaced or dropped are stale.
    socket.addEventListener('open', () => this.socket === socket && this.onOpen());
    socket.addEventListener('message', (event) => this.socket === socket && this.onFrame(event.data));
    socket.addEventListener('close', ({ code, reason }) => {
      if (this.socket !== socket) return;
      this.detach();
      this.afterDrop({ code, reason });
    });
    // Always followed by 'close'; `ws` throws an 'error' that nobody listens to.
    socket.addEventListener('error', () => undefined);
  }

  private onOpen(): void {
    clearTimeout(this.connectTimer);
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.attempt = 0;
    this.renewFailures = 0;
    this.current = 'connected';
    this.liveness.start();
    this.scheduleRenewal();
    this.listeners.emit('connected', { reconnected });
    this.subscriptions.connected();
    for (const frame of this.commands.frames()) this.write(frame);
    this.waiting?.resolve();
    this.waiting = undefined;
  }

  /** A silent or never-opening connection: dropped (without waiting for a close handshake a frozen gateway never answers), then dialled again. */
  private abandon(error: EventlineClientError): void {
    const socket = this.detach();
    if (socket === undefined) return;
    // `ws` (Node) can free the TCP socket at once; browsers only have close().
    const terminate = (socket as { terminate?: () => void }).terminate;
    if (typeof terminate === 'function') terminate.call(socket);
    else socket.close();
    this.listeners.emit('error', error);
    this.afterDrop({ code: 1006, reason: error.message, error });
  }

  /** Forgets the current socket and what was bound to it; returns it. */
  private detach(): WebSocketLike | undefined {
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.retryTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.renewTimer);
    this.retryTimer = undefined;
    this.liveness.stop();
    this.authRequest = undefined;
    if (this.current === 'connected') {
      this.waiting = deferred();
      this.subscriptions.connectionLost();
    }
    return socket;
  }

  /** Decides, from why the socket ended, whether to dial again (and when) or give up. */
  private afterDrop(closed: Cause): void {
    const refusal = this.refusal;
    this.refusal = undefined;
    if (refusal !== undefined) {
      this.listeners.emit('error', refusal);
      const cause = { code: closed.code, reason: refusal.message, error: refusal };
      if (refusal.retriable) return this.retryLater(cause, refusal.retryAfterMs);
      return needsNewToken(refusal) ? this.afterTokenRefused(cause) : this.giveUp(cause);
    }
    if (closed.code === CLOSE_TOKEN_EXPIRED) {
      // The gateway's TOKEN_EXPIRED error frame came just before (an `error` event).
      return this.afterTokenRefused({ ...closed, error: new ServerError({ id: null, code: 'TOKEN_EXPIRED', message: closed.reason || 'token expired' }) });
    }
    if (closed.error === undefined && this.tokens.expired()) {
      // A browser hides a refused upgrade's status; an expired token explains the failure.
      const error = new TokenExpiredError('the connection failed and the token has expired (its exp, on this clock)');
      this.listeners.emit('error', error);
      return this.afterTokenRefused({ ...closed, error });
    }
    this.retryLater(closed);
  }

  private afterTokenRefused(cause: Cause & { error: EventlineClientError }): void {
    this.tokens.refuse();
    if (this.tokens.renewable) this.retryLater(cause);
    else this.giveUp(cause);
  }

  /** To `disconnected`: connect() and every waiting command fail with the cause. */
  private giveUp(cause: Cause & { error: EventlineClientError }): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stoppedBy = cause.error;
    this.commands.failAll(cause.error);
    if (this.current === 'disconnected') return;
    this.current = 'disconnected';
    this.listeners.emit('disconnected', { code: cause.code, reason: cause.reason, error: cause.error });
    this.waiting?.reject(cause.error);
    this.waiting = undefined;
  }

  private scheduleRenewal(): void {
    clearTimeout(this.renewTimer);
    const delayMs = this.tokens.renewalDelay();
    if (delayMs !== undefined) this.renewTimer = setTimeout(() => void this.renew(), Math.min(delayMs, MAX_TIMER_MS));
  }

  /** Gets a new token from getToken and sends it with the `auth` op; the connection stays. */
  private async renew(): Promise<void> {
    if (this.current !== 'connected' || this.authRequest !== undefined || !this.tokens.renewable) return;
    let token: string;
    try {
      token = await this.tokens.fetch();
    } catch (error) {
      this.listeners.emit('error', asError(error));
      this.renewLater();
      return;
    }
    this.sendAuth(token);
  }

  /** After a failed renewal, while the current token still lives: try again after a backoff delay. */
  private renewLater(): void {
    if (this.current !== 'connected') return;
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.renew(), backoffDelay(this.renewFailures, this.options));
    this.renewFailures += 1;
  }

  private sendAuth(token: string): void {
    if (this.current !== 'connected') return;
    const id = this.nextRequestId();
    if (this.write({ op: 'auth', id, token })) this.authRequest = id;
  }

  private onAuthenticated(message: AuthenticatedMessage): void {
    if (message.id !== this.authRequest) return;
    this.authRequest = undefined;
    this.renewFailures = 0;
    this.scheduleRenewal();
    this.listeners.emit('renewed', { exp: message.exp });
    this.subscriptions.tokenRenewed();
  }

  private onFrame(data: unknown): void {
    this.liveness.heardFrom();
    let messages: readonly ServerMessage[];
    try {
      messages = decodeFrame(data);
    } catch (error) {
      this.listeners.emit('error', error as Error);
      return;
    }
    for (const message of messages) this.dispatch(message);
  }

  private dispatch(message: ServerMessage): void {
    switch (message.op) {
      case 'ack':
        return this.commands.acknowledge(message);
      case 'outcome':
        return this.commands.decide(message);
      case 'snapshot':
      case 'event':
        return this.subscriptions.deliver(message);
      case 'subscribed':
        return this.subscriptions.confirm(message);
      case 'unsubscribed':
        // With a request id it answers unsubscribe(), after which the subscription is gone here already.
        if (message.id === null) this.subscriptions.ended(message);
        return;
      case 'authenticated':
        return this.onAuthenticated(message);
      case 'error':
        return this.onErrorReply(message);
      // 'pong' only had to arrive (liveness), and unknown ops come from newer gateways.
      default:
        return;
    }
  }

  private onErrorReply(reply: ErrorMessage): void {
    const error = new ServerError(reply);
    if (reply.id !== null && reply.id === this.authRequest) {
      // The new token was refused; the socket keeps the one it has until it expires.
      this.authRequest = undefined;
      this.listeners.emit('error', error);
      this.renewLater();
      return;
    }
    if (reply.id !== null && (this.commands.fail(reply.id, error) || this.subscriptions.fail(reply.id, error))) return;
    this.listeners.emit('error', error);
  }

  /** Sends now when open (true); otherwise false, and the frame's state (subscription, pending command) is replayed on the next open. */
  private write(frame: ClientFrame): boolean {
    return this.writeText(JSON.stringify(frame));
  }

  private writeText(text: string): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(text);
    return true;
  }

  private nextRequestId(): string {
    this.requests += 1;
    return `r${this.requests}`;
  }
}
