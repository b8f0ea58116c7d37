/**
 * One WebSocket client: rate-limits and parses its frames, hands them to the op router,
 * and sends it messages, coalesced per event-loop turn into frames of at most FRAME_BYTES (a
 * full frame goes out at once) that the subscribers of one key share (shared-frames.ts). It
 * is the outcome target of the commands it sends. Kept small: an idle connection should cost
 * a few hundred bytes beyond the socket itself (the design allows 16 KiB per idle socket).
 *
 * Slow readers: a frame is handed to the socket only while the socket has written out what
 * it had (its unsent bytes at most WRITE_WATERMARK); otherwise the messages wait here, where
 * they can still be dropped, and a write callback says when the socket is ready again. A
 * socket that follows only conflatable streams (views) is conflated as soon as it is busy:
 * the newest message per subscription is held, older ones dropped. When what waits (plus the
 * socket's unsent bytes) passes the bound (WS_SEND_BUFFER_BYTES), any other socket is closed
 * 1013: what waits for it is dropped first, so the close frame with its reason follows at
 * most one frame and reaches the client as soon as it reads, the gateway's memory stays
 * bounded, and the client resumes from the version it has.
 *
 * The heartbeat drops a socket whose ping went out unanswered; a ping still stuck behind the
 * socket's own backlog says it is slow, not dead, which the rules above deal with.
 */
import { WebSocket, type RawData } from 'ws';
import type { AuditEvent, AuditFields, AuditLog } from '../../platform/audit';
import { BadRequestError, RateLimitedError, TokenExpiredError, type EventlineError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { Principal } from '../auth';
import type { GatewayMetrics } from '../metrics';
import { errorMessage, parseClientFrame, toWireError, type OutcomeMessage, type ParsedFrame, type ServerMessage } from '../protocol';
import type { HeartbeatTarget } from './heartbeat';
import type { ClientSession, ConflationSlot, OpRouter } from './op-router';
import { TokenBucket } from '../limits';
import type { SharedFrames } from './shared-frames';
import type { Flushable, TickFlusher } from './tick-flusher';

/** What every connection of one server shares; one object, not one copy per connection. */
export interface ConnectionContext {
  readonly router: OpRouter;
  readonly flusher: TickFlusher;
  readonly frames: SharedFrames;
  readonly metrics: Pick<GatewayMetrics, 'rateLimited' | 'slowSocketCloses' | 'conflatedUpdates'>;
  readonly logger: Logger;
  readonly audit: AuditLog;
  /** Client frames per second and burst (WS_RATE_PER_SEC, WS_RATE_BURST). */
  readonly ratePerSec: number;
  readonly rateBurst: number;
  /** Client bytes per second and burst (WS_RATE_BYTES_PER_SEC, WS_RATE_BYTES_BURST). */
  readonly rateBytesPerSec: number;
  readonly rateBytesBurst: number;
  /** Unsent bytes beyond which a socket is slow (WS_SEND_BUFFER_BYTES). */
  readonly sendBufferBytes: number;
  /** Whether a slow socket may conflate rather than be closed: true when every stream it follows conflates. */
  canConflate(session: ClientSession): boolean;
  /** The socket's token expired: what it follows must stop at once (before the close completes). */
  onTokenExpired(session: ClientSession): void;
  /** The socket renewed its token: what it follows is checked again. */
  onTokenRenewed(session: ClientSession): void;
}

/** Close codes the gateway uses (RFC 6455 §7.4; 1009 comes from ws itself when a frame exceeds maxPayload). */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** Private-use close code (RFC 6455 §7.4.2): the token expired; renew it before `exp` with the `auth` op. */
export const CLOSE_TOKEN_EXPIRED = 4001;

/** setTimeout's longest delay (about 24.8 days); a later expiry re-arms when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The request id of a frame that is refused before it is parsed (rate limit): read from the
 * frame's start when it begins like every client's frames do, `{"op":"…","id":"…"` or
 * `{"id":"…"`; bounded work whatever the frame holds.
 */
const LEADING_ID = /^\s*\{\s*(?:"op"\s*:\s*"[^"\\]{0,32}"\s*,\s*)?"id"\s*:\s*"([^"\\]{1,128})"/;
const ID_SCAN_CHARS = 256;

/**
 * A conflating socket still gets its replies (acks, errors, snapshots) in full; if they alone
 * take its buffer past this many times the bound, it is closed like any slow socket.
 */
const CONFLATING_BUFFER_FACTOR = 2;

/**
 * Unsent bytes under which the socket takes the next frame (or a quarter of the bound, if
 * less). Small, so that little is ever beyond recall in the socket's own buffer; large enough
 * for the frames of a busy turn.
 */
const WRITE_WATERMARK = 64 * 1024;

/**
 * Bytes a frame may pack: an outbox that reaches it is flushed at once, within the turn, so a
 * long turn (a backlog fanned out) packs many messages per frame yet no socket's outbox grows
 * past one frame while it can take it.
 */
const FRAME_BYTES = WRITE_WATERMARK;

/** Frames are built as bytes (shared-frames.ts): ws is told they are text. */
const TEXT_FRAME = Object.freeze({ binary: false });

const BINARY_FRAME: ParsedFrame = Object.freeze({ ok: false, id: null, error: new BadRequestError('binary frames are not supported: send JSON text frames') });

export class Connection implements ClientSession, HeartbeatTarget, Flushable {
  private alive = true;
  /** Whether the last ping was written out to the peer (its pong is then due). */
  private pingWritten = true;
  private outbox: string[] | undefined;
  private outboxBytes = 0;
  /** Set while the socket is busy: conflatable messages are held back, the newest per slot. */
  private held: ConflationSlot[] | undefined;
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;
  /** A write callback is pending that says when the socket has written out what it had. */
  private awaitingDrain = false;
  private childLogger: Logger | undefined;
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private current: Principal,
    private readonly context: ConnectionContext,
    /** The peer's address, for the audit log. */
    private readonly remote?: string,
  ) {
    const now = performance.now();
    this.frames = new TokenBucket(context.ratePerSec, context.rateBurst, now);
    this.bytes = new TokenBucket(context.rateBytesPerSec, context.rateBytesBurst, now);
    this.armExpiry();
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => (this.alive = true));
    // ws reports only protocol violations by the client here (bad frame, too big: it then closes 1009 etc.).
    socket.on('error', (error) => this.logger.debug({ err: error }, 'websocket protocol error'));
  }

  get principal(): Principal {
    return this.current;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  renew(principal: Principal): void {
    this.current = principal;
    this.armExpiry();
    this.context.onTokenRenewed(this);
  }

  /** The socket has closed: nothing is left to time. */
  dispose(): void {
    clearTimeout(this.expiry);
  }

  audit(event: AuditEvent, fields: AuditFields = {}): void {
    this.context.audit(event, { user: this.current.userId, connection: this.id, remote: this.remote, transport: 'websocket', ...fields });
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
    if (this.outbox === undefined) {
      // A closing socket sends nothing more; queueing for it would only hold memory. Checked
      // once per frame, not per message: the socket object is one more cache miss per message
      // on the fan-out's hot path, and a socket that closes while a frame fills (a close frame
      // read, a terminate) is checked again when that frame is sent.
      if (this.socket.readyState !== WebSocket.OPEN) return;
      this.outbox = [text];
      if (!this.awaitingDrain) this.context.flusher.schedule(this);
    } else {
      this.outbox.push(text);
    }
    this.outboxBytes += text.length;
    if (this.awaitingDrain) {
      // Waiting for the socket to drain, nothing flushes: the bound is checked here.
      const buffered = this.socket.bufferedAmount;
      if (this.outboxBytes + buffered > this.context.sendBufferBytes) this.overflow(buffered);
    } else if (this.outboxBytes >= FRAME_BYTES) {
      this.flush();
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
    if (this.outbox === undefined || this.awaitingDrain) return;
    const buffered = this.socket.bufferedAmount;
    if (buffered <= Math.min(WRITE_WATERMARK, this.context.sendBufferBytes / 4)) {
      this.sendOutbox();
      return;
    }
    // Busy: what this turn queued waits here, views are conflated, until the socket has written out.
    if (this.outboxBytes + buffered > this.context.sendBufferBytes && this.overflow(buffered)) return;
    this.held ??= this.context.canConflate(this) ? [] : undefined;
    this.awaitingDrain = true;
    // A WebSocket has no 'drain' event; a ping's write callback runs once everything queued before it has been written out.
    this.socket.ping(undefined, undefined, this.drained);
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
      // A ping still waiting behind this socket's backlog could not be answered: slow, not dead.
      if (!this.pingWritten) return;
      this.logger.debug('no pong since the last ping: terminating');
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.pingWritten = false;
    this.socket.ping(undefined, undefined, (error?: Error | null) => (this.pingWritten = !error));
  }

  /** What is queued (e.g. the error that explains the close) goes out before the close frame. */
  close(code: number, reason: string): void {
    this.sendOutbox();
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Sends what was queued as one frame. */
  private sendOutbox(): void {
    const outbox = this.outbox;
    this.outbox = undefined;
    this.outboxBytes = 0;
    if (outbox === undefined || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(this.context.frames.frameOf(outbox), TEXT_FRAME);
  }

  /**
   * What waits passed the bound. A socket that follows views only is already conflated and
   * closed only when its replies alone pass twice the bound; any other is closed 1013, with
   * what waits for it dropped so the close frame goes next. True when it closed.
   */
  private overflow(buffered: number): boolean {
    if (this.context.canConflate(this)) {
      // Not conflating yet: it starts now (what this turn queued goes out as it is).
      if (this.held === undefined) return false;
      if (this.outboxBytes + buffered <= this.context.sendBufferBytes * CONFLATING_BUFFER_FACTOR) return false;
    }
    this.context.metrics.slowSocketCloses.inc();
    this.logger.debug({ buffered, waiting: this.outboxBytes }, 'send buffer full: closing 1013');
    this.outbox = undefined;
    this.outboxBytes = 0;
    for (const slot of this.held ?? []) slot.held = undefined;
    this.held = undefined;
    this.socket.close(CLOSE_TRY_AGAIN_LATER, 'send buffer full: read faster');
    return true;
  }

  /** The ping's write callback: Node passes null once written, an error when the socket broke. */
  private readonly drained = (error?: Error | null): void => {
    this.awaitingDrain = false;
    const held = this.held;
    this.held = undefined;
    if (error) return;
    for (const slot of held ?? []) {
      const text = slot.held;
      slot.held = undefined;
      if (text !== undefined) this.sendText(text);
    }
    if (this.outbox !== undefined) this.context.flusher.schedule(this);
  };

  private receive(data: RawData, isBinary: boolean): void {
    // With ws's default binaryType ('nodebuffer') a text message is one Buffer.
    const frame = data as Buffer;
    // Both limits are taken before anything is parsed: a flood costs a comparison per frame.
    const now = performance.now();
    if (!this.frames.take(now) || !this.bytes.take(now, frame.length)) return this.refuse(frame, now);
    const parsed = isBinary ? BINARY_FRAME : parseClientFrame(frame.toString('utf8'));
    if (parsed.ok) this.context.router.dispatch(parsed.frame, this);
    else this.fail(parsed.id, parsed.error);
  }

  private refuse(frame: Buffer, now: number): void {
    const { ratePerSec, rateBurst, rateBytesPerSec } = this.context;
    this.context.metrics.rateLimited.inc();
    const id = LEADING_ID.exec(frame.toString('utf8', 0, Math.min(frame.length, ID_SCAN_CHARS)))?.[1] ?? null;
    const limits = `${ratePerSec} frames/s (burst ${rateBurst}) and ${rateBytesPerSec} bytes/s`;
    this.fail(id, new RateLimitedError(`more than ${limits}: frame dropped unread`, { retryAfterSeconds: this.bytes.secondsUntil(now, frame.length) }));
  }

  private armExpiry(): void {
    clearTimeout(this.expiry);
    const left = this.current.expiresAt * 1000 - Date.now();
    this.expiry = setTimeout(() => (this.current.expiresAt * 1000 <= Date.now() ? this.expire() : this.armExpiry()), Math.min(Math.max(left, 0), MAX_TIMER_MS));
    this.expiry.unref();
  }

  /** Nothing it follows is sent from now on, not even what this turn queued: the error, then the close. */
  private expire(): void {
    this.context.onTokenExpired(this);
    this.outbox = undefined;
    this.outboxBytes = 0;
    this.held = undefined;
    this.logger.debug('token expired: closing');
    this.audit('token.expired', { exp: this.current.expiresAt });
    this.fail(null, new TokenExpiredError('token expired: renew it with the auth op before it expires, or reconnect with a fresh one'));
    this.close(CLOSE_TOKEN_EXPIRED, 'token expired');
  }
}
