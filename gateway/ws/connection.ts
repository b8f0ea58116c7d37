/**
 * One WebSocket client: rate-limits and parses its frames, hands them to the op router,
 * and sends it messages, coalesced per event-loop turn. It is the outcome target of the
 * commands it sends. Kept small: an idle connection should cost a few hundred bytes beyond
 * the socket itself (the design allows 16 KiB per idle socket).
 *
 * Slow readers: after each frame the socket's unsent bytes are compared with the bound
 * (WS_SEND_BUFFER_BYTES). A socket that follows only conflatable streams (views) then holds
 * back their messages, keeping the newest per subscription, until the buffer has drained;
 * any other socket is closed 1013, so the gateway's memory stays bounded and the client
 * resumes from the version it has.
 */
import { WebSocket, type RawData } from 'ws';
import { BadRequestError, RateLimitedError, type EventlineError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { Principal } from '../auth';
import type { GatewayMetrics } from '../metrics';
import { errorMessage, parseClientFrame, toWireError, type OutcomeMessage, type ParsedFrame, type ServerMessage } from '../protocol';
import type { HeartbeatTarget } from './heartbeat';
import type { ClientSession, ConflationSlot, OpRouter } from './op-router';
import { TokenBucket } from './rate-limiter';
import type { Flushable, TickFlusher } from './tick-flusher';

/** What every connection of one server shares; one object, not one copy per connection. */
export interface ConnectionContext {
  readonly router: OpRouter;
  readonly flusher: TickFlusher;
  readonly metrics: Pick<GatewayMetrics, 'rateLimited' | 'slowSocketCloses' | 'conflatedUpdates'>;
  readonly logger: Logger;
  /** Client frames per second and burst (WS_RATE_PER_SEC, WS_RATE_BURST). */
  readonly ratePerSec: number;
  readonly rateBurst: number;
  /** Unsent bytes beyond which a socket is slow (WS_SEND_BUFFER_BYTES). */
  readonly sendBufferBytes: number;
  /** Whether a slow socket may conflate rather than be closed: true when every stream it follows conflates. */
  canConflate(session: ClientSession): boolean;
}

/** Close codes the gateway uses (RFC 6455 §7.4; 1009 comes from ws itself when a frame exceeds maxPayload). */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * A conflating socket still gets its replies (acks, errors, snapshots) in full; if they alone
 * take its buffer past this many times the bound, it is closed like any slow socket.
 */
const CONFLATING_BUFFER_FACTOR = 2;

const BINARY_FRAME: ParsedFrame = Object.freeze({ ok: false, id: null, error: new BadRequestError('binary frames are not supported: send JSON text frames') });

export class Connection implements ClientSession, HeartbeatTarget, Flushable {
  private alive = true;
  private outbox: string[] | undefined;
  /** Set while the send buffer is over the bound and conflatable messages are held back. */
  private held: ConflationSlot[] | undefined;
  private readonly bucket: TokenBucket;
  private childLogger: Logger | undefined;

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    readonly principal: Principal,
    private readonly context: ConnectionContext,
  ) {
    this.bucket = new TokenBucket(context.ratePerSec, context.rateBurst, performance.now());
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => (this.alive = true));
    // ws reports only protocol violations by the client here (bad frame, too big: it then closes 1009 etc.).
    socket.on('error', (error) => this.logger.debug({ err: error }, 'websocket protocol error'));
  }

  /** Created on first use: most connections never log anything. */
  get logger(): Logger {
    this.childLogger ??= this.context.logger.child({ connection: this.id, user: this.principal.userId });
    return this.childLogger;
  }

  send(message: ServerMessage): void {
    this.sendText(JSON.stringify(message));
  }

  sendText(text: string): void {
    // A closing socket sends nothing more; queueing for it would only hold memory.
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.outbox === undefined) {
      this.outbox = [text];
      this.context.flusher.schedule(this);
    } else {
      this.outbox.push(text);
    }
  }

  sendLatest(slot: ConflationSlot, text: string): void {
    if (this.held === undefined) return this.sendText(text);
    if (slot.held === undefined) this.held.push(slot);
    else this.context.metrics.conflatedUpdates.inc();
    slot.held = text;
  }

  fail(id: string | null, error: unknown): void {
    const wire = toWireError(error);
    if (wire.code === 'INTERNAL') this.logger.warn({ err: error, request: id }, 'request failed');
    else this.logger.debug({ code: wire.code, request: id, message: wire.message }, 'request refused');
    this.send(errorMessage(id, wire));
  }

  flush(): void {
    if (this.sendOutbox() && this.socket.bufferedAmount > this.context.sendBufferBytes) this.overflow();
  }

  deliverOutcome(outcome: OutcomeMessage): void {
    this.send(outcome);
  }

  /** WebSocket clients have no outcome timeout message: sending the command id again gets its first outcome. */
  outcomeUnavailable(commandId: string, error: EventlineError): void {
    this.logger.debug({ command: commandId, code: error.code }, 'no outcome for command');
  }

  heartbeat(): void {
    if (!this.alive) {
      this.logger.debug('no pong since the last ping: terminating');
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  /** What is queued (e.g. the error that explains the close) goes out before the close frame. */
  close(code: number, reason: string): void {
    this.sendOutbox();
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Sends what this turn queued as one frame; false when there was nothing to send or the socket is closing. */
  private sendOutbox(): boolean {
    const outbox = this.outbox;
    this.outbox = undefined;
    if (outbox === undefined || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(outbox.length === 1 ? (outbox[0] as string) : `[${outbox.join(',')}]`);
    return true;
  }

  /** The send buffer passed the bound: conflate if every stream of the socket allows it, else close. */
  private overflow(): void {
    const limit = this.context.sendBufferBytes * CONFLATING_BUFFER_FACTOR;
    if (!this.context.canConflate(this) || (this.held !== undefined && this.socket.bufferedAmount > limit)) {
      this.context.metrics.slowSocketCloses.inc();
      this.logger.debug({ buffered: this.socket.bufferedAmount }, 'send buffer full: closing 1013');
      this.close(CLOSE_TRY_AGAIN_LATER, 'send buffer full: read faster');
      return;
    }
    if (this.held !== undefined) return;
    this.held = [];
    // A WebSocket has no 'drain' event; a ping's write callback runs once everything queued before it has been written out.
    this.socket.ping(undefined, undefined, this.drained);
  }

  /** The ping's write callback: Node passes null once written, an error when the socket broke. */
  private readonly drained = (error?: Error | null): void => {
    const held = this.held;
    this.held = undefined;
    if (error || held === undefined) return;
    for (const slot of held) {
      const text = slot.held;
      slot.held = undefined;
      if (text !== undefined) this.sendText(text);
    }
  };

  private receive(data: RawData, isBinary: boolean): void {
    // With ws's default binaryType ('nodebuffer') a text message is one Buffer.
    const parsed = isBinary ? BINARY_FRAME : parseClientFrame((data as Buffer).toString('utf8'));
    if (!this.bucket.take(performance.now())) {
      this.context.metrics.rateLimited.inc();
      this.fail(parsed.ok ? parsed.frame.id : parsed.id, new RateLimitedError(`more than ${this.context.ratePerSec} frames/s (burst ${this.context.rateBurst}): frame dropped`));
      return;
    }
    if (parsed.ok) this.context.router.dispatch(parsed.frame, this);
    else this.fail(parsed.id, parsed.error);
  }
}
