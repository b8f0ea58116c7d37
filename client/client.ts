/**
 * EventlineClient: one WebSocket to the gateway, kept open. It sends commands and hands
 * back their ack and outcome, keeps live subscriptions, and after a drop reconnects with
 * backoff, subscribes again from the last version each subscription delivered and sends
 * again every command still waiting, so that its user sees no gap, no duplicate and no lost
 * outcome.
 *
 * States: idle → connecting → open ⇄ reconnecting; close() → closed (terminal).
 */
import { backoffDelay } from './backoff.js';
import { deferred } from './deferred.js';
import { ClientClosedError, ServerError } from './errors.js';
import { decodeFrame } from './frames.js';
import { randomUuid } from './ids.js';
import { Listeners } from './listeners.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions, type WebSocketLike } from './options.js';
import { PendingCommands, type CommandHandle, type CommandWait } from './pending-commands.js';
import type { AckMessage, ClientFrame, CommandFrame, ErrorMessage, OutcomeMessage, ServerMessage } from './protocol.js';
import { Subscriptions, type SubscribeOptions, type SubscriptionHandlers, type Unsubscribe } from './subscriptions.js';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateChange {
  readonly state: ConnectionState;
  /** Failed connection attempts since the socket was last open (0 once open). */
  readonly attempt: number;
  /** While reconnecting: the wait before the next attempt, ms. */
  readonly delayMs?: number;
}

export interface ClientEvents {
  state: StateChange;
  /**
   * Errors no request owns: an error reply without a known request id, a malformed frame,
   * a token function or WebSocket constructor that threw. The client carries on.
   */
  error: Error;
}

export interface CommandInput<D = unknown> {
  readonly domain: string;
  /** The command's record name, e.g. `PlaceOrder`. */
  readonly name: string;
  /** The aggregate id (order id, room id). */
  readonly key: string;
  readonly data: D;
  /** The command id, a UUID; generated when absent. Pass the same id to retry a command safely. */
  readonly id?: string;
  readonly correlationId?: string;
  /**
   * When the outcome is sent: `outcome` (default) as soon as the command is decided;
   * `projected` once every read model of the domain has applied it, so a REST read or a
   * subscription made after it sees the change (read-your-writes).
   */
  readonly await?: 'outcome' | 'projected';
}

/** `WebSocket.OPEN`, the same in every implementation. */
const OPEN = 1;
const NORMAL_CLOSURE = 1000;

export class EventlineClient {
  private readonly options: ResolvedOptions;
  private readonly listeners = new Listeners<ClientEvents>();
  private readonly commands: PendingCommands;
  private readonly subscriptions = new Subscriptions();
  private readonly firstOpen = deferred<void>();
  private current: ConnectionState = 'idle';
  private socket: WebSocketLike | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private requests = 0;

  /** Throws TypeError for bad options; does not connect yet (see `connect`). */
  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.commands = new PendingCommands(this.options.commandTimeoutMs);
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  /**
   * Connects, and from then on stays connected until `close()`. Resolves once the socket is
   * first open (retrying with backoff until then); rejects with ClientClosedError if
   * `close()` comes first. Calling it again returns the same promise.
   */
  connect(): Promise<void> {
    if (this.current === 'idle') {
      this.setState('connecting');
      void this.dial();
    }
    return this.firstOpen.promise;
  }

  /** Closes for good: no reconnect; waiting commands fail with ClientClosedError. Safe to call twice. */
  close(): void {
    if (this.current === 'closed') return;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(NORMAL_CLOSURE, 'client closed');
    this.setState('closed');
    const error = new ClientClosedError('the client was closed');
    this.commands.failAll(error);
    this.firstOpen.reject(error);
  }

  /**
   * Sends a command; returns its id and promises of its ack and its outcome. Commands sent
   * while disconnected wait for the connection. A rejected outcome resolves (it is the
   * domain's answer); an error reply (INVALID_COMMAND, FORBIDDEN, …) rejects both promises
   * with ServerError, no answer in time with CommandTimeoutError.
   */
  send<D>(command: CommandInput<D>): CommandHandle {
    return this.submit(command, 'outcome');
  }

  /** Sends a command and resolves with its ack (`wait: 'ack'`) or, by default, its outcome. */
  command<D>(command: CommandInput<D>, options: { readonly wait: 'ack' }): Promise<AckMessage>;
  command<D>(command: CommandInput<D>, options?: { readonly wait?: 'outcome' }): Promise<OutcomeMessage>;
  command<D>(command: CommandInput<D>, options: { readonly wait?: CommandWait } = {}): Promise<AckMessage | OutcomeMessage> {
    const wait = options.wait ?? 'outcome';
    const handle = this.submit(command, wait);
    return wait === 'ack' ? handle.ack : handle.outcome;
  }

  /**
   * Follows `stream` + `key` (e.g. `views.store_stats` / `store-7`, `chat.events` /
   * `room-1`): a snapshot, then every change, in version order, across reconnects. Returns
   * the function that stops it. Throws TypeError when stream + key is already subscribed.
   */
  subscribe<T = unknown>(stream: string, key: string, handlers: SubscriptionHandlers<T>, options: SubscribeOptions = {}): Unsubscribe {
    if (this.current === 'closed') throw new ClientClosedError('the client was closed');
    const subscription = this.subscriptions.add(stream, key, handlers, options);
    // While not open, the subscribe frame goes out on the next open, with every other subscription.
    if (this.socket?.readyState === OPEN) this.write(this.subscriptions.subscribeFrame(subscription, this.nextRequestId()));
    return () => {
      if (this.subscriptions.remove(subscription)) this.write({ op: 'unsubscribe', id: this.nextRequestId(), stream, key });
    };
  }

  private submit<D>(command: CommandInput<D>, wait: CommandWait): CommandHandle {
    const { domain, name, key, data, correlationId } = command;
    const frame: CommandFrame = {
      op: 'command',
      id: command.id ?? randomUuid(),
      domain,
      name,
      key,
      data,
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(command.await === undefined ? {} : { await: command.await }),
    };
    const handle = this.commands.add(frame, wait);
    if (this.current === 'closed') this.commands.fail(frame.id, new ClientClosedError('the client was closed'));
    else this.write(frame);
    return handle;
  }

  private async dial(): Promise<void> {
    let socket: WebSocketLike;
    try {
      const { token } = this.options;
      const url = new URL(this.options.url);
      url.searchParams.set('token', typeof token === 'string' ? token : await token());
      if (this.current === 'closed') return;
      socket = new this.options.WebSocket(url.toString());
    } catch (error) {
      this.listeners.emit('error', error instanceof Error ? error : new Error(String(error)));
      this.reconnectLater();
      return;
    }
    this.socket = socket;
    // Events of a socket this client has since replaced or closed are stale.
    socket.addEventListener('open', () => this.socket === socket && this.onOpen());
    socket.addEventListener('message', (event) => this.socket === socket && this.onFrame(event.data));
    socket.addEventListener('close', () => this.socket === socket && this.onDrop());
    // Always followed by 'close', which reconnects; `ws` throws an 'error' that nobody listens to.
    socket.addEventListener('error', () => undefined);
  }

  private onOpen(): void {
    this.attempt = 0;
    this.setState('open');
    for (const subscription of this.subscriptions.all()) this.write(this.subscriptions.subscribeFrame(subscription, this.nextRequestId()));
    for (const frame of this.commands.frames()) this.write(frame);
    this.firstOpen.resolve();
  }

  private onDrop(): void {
    this.socket = undefined;
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.current === 'closed') return;
    const delayMs = backoffDelay(this.attempt, this.options);
    this.attempt += 1;
    this.setState('reconnecting', delayMs);
    this.retryTimer = setTimeout(() => void this.dial(), delayMs);
  }

  private onFrame(data: unknown): void {
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
      case 'error':
        return this.onErrorReply(message);
      // 'unsubscribed' needs nothing (the subscription ended when unsubscribe was called), 'pong'
      // answers pings this client does not send, and unknown ops come from newer gateways.
      default:
        return;
    }
  }

  private onErrorReply(reply: ErrorMessage): void {
    const error = new ServerError(reply);
    if (reply.id !== null && (this.commands.fail(reply.id, error) || this.subscriptions.fail(reply.id, error))) return;
    this.listeners.emit('error', error);
  }

  /** Sends now when open; otherwise the frame's state (subscription, pending command) is replayed on the next open. */
  private write(frame: ClientFrame): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private nextRequestId(): string {
    this.requests += 1;
    return `r${this.requests}`;
  }

  private setState(state: ConnectionState, delayMs?: number): void {
    this.current = state;
    this.listeners.emit('state', delayMs === undefined ? { state, attempt: this.attempt } : { state, attempt: this.attempt, delayMs });
  }
}
