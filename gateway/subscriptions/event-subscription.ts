/**
 * A `<domain>.events` subscription: with `fromVersion`, the aggregate's events after it from
 * the event history, then the live ones. Subscribed without one, it starts after the
 * aggregate's latest version in the history (live-subscriptions.ts), the same way; only a
 * gateway without a database starts at the next live event (`fromVersion` undefined here).
 * Either way every version after the first one sent follows exactly once, in order: an
 * aggregate's versions are contiguous, so the next one to send is always `last + 1`.
 *
 * Live records wait in a buffer while the subscription catches up, so none is lost between
 * reading the history and going live:
 * - Resuming: the subscription registers (and starts buffering) before reading, and notes
 *   how far the fan-out consumer had delivered each partition. Events up to there passed it
 *   by, so it goes live only once the history read model's checkpoint covers those
 *   positions; everything later is in its buffer. Duplicates (history and buffer overlap
 *   when the projector is ahead of the consumer) are dropped by version.
 * - Live, a version above `last + 1` means events are missing (they passed before the
 *   subscription went live, or the consumer skipped a record): the subscription holds live
 *   records and reads the missing versions from the history.
 *
 * The projector may lag the fan-out consumer, so a read that does not close the gap is
 * retried every `retryMs`. If the history still lacks the versions after `timeoutMs`
 * without progress, the client gets an UNAVAILABLE error (id null: it concerns no pending
 * request) and the socket is closed 1013: the client reconnects and resumes with
 * `fromVersion` = the last version it got. Memory stays bounded by that time: the buffer
 * holds references to messages shared with every other subscriber.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UnavailableError } from '../../platform/errors';
import type { Grant } from '../auth';
import { eventMessage } from '../protocol';
import { CLOSE_TRY_AGAIN_LATER, type ClientSession } from '../ws';
import type { FeedPositions, Positions } from './feed-positions';
import type { HistoryEvent, SubscriptionReaders } from './readers';
import type { EventStream } from './streams';
import type { LiveMessage, Release, Subscription } from './subscription';

export interface CatchUpOptions {
  /** Events per history read. */
  readonly historyPageSize: number;
  /** Wait between history reads that found the versions still missing (the projector lags). */
  readonly catchUpRetryMs: number;
  /** How long the history may make no progress before the subscription gives up (UNAVAILABLE, close 1013). */
  readonly catchUpTimeoutMs: number;
}

/** What every event subscription of a gateway shares. */
export interface EventSubscriptionContext {
  readonly readers: Pick<SubscriptionReaders, 'history'> | undefined;
  readonly positions: FeedPositions;
  readonly options: CatchUpOptions;
  readonly release: Release;
  readonly onCatchUpFailed: () => void;
  /** Subscriptions in catchUp() now (eventline_gateway_subscriptions_catching_up). */
  readonly catchingUp: { inc(): void; dec(): void };
}

export class EventSubscription implements Subscription {
  /** Version last sent (or given as fromVersion); undefined before the first live event. */
  private last: number | undefined;
  /** Defined while catching up: live records wait here, in order. */
  private buffer: LiveMessage[] | undefined;
  /** While resuming: feed positions the history must cover before the subscription can go live. */
  private mustCover: Positions | undefined;
  private ended = false;

  /** Construct and register in the same turn of the event loop: the positions noted here must be those at registration. */
  constructor(
    readonly session: ClientSession,
    readonly stream: EventStream,
    readonly key: string,
    fromVersion: number | undefined,
    readonly grant: Grant,
    private readonly context: EventSubscriptionContext,
  ) {
    if (fromVersion === undefined) return;
    this.last = fromVersion;
    this.buffer = [];
    this.mustCover = context.positions.of(stream.topic);
  }

  offer(message: LiveMessage): void {
    if (this.ended) return;
    if (this.buffer !== undefined) {
      this.buffer.push(message);
      return;
    }
    if (this.last === undefined || message.version === this.last + 1) {
      this.last = message.version;
      this.session.sendText(message.text);
      return;
    }
    if (message.version <= this.last) return;
    this.buffer = [message];
    void this.catchUp();
  }

  start(): Promise<void> {
    return this.buffer === undefined ? Promise.resolve() : this.catchUp();
  }

  end(): void {
    this.ended = true;
    this.buffer = undefined;
  }

  private async catchUp(): Promise<void> {
    // At most one catch-up per subscription: offer() starts one only while none runs (no buffer).
    this.context.catchingUp.inc();
    try {
      await this.readHistoryUntilLive();
    } finally {
      this.context.catchingUp.dec();
    }
  }

  private async readHistoryUntilLive(): Promise<void> {
    const { readers, options } = this.context;
    let deadline = Date.now() + options.catchUpTimeoutMs;
    let failedReads = 0;
    for (;;) {
      if (this.ended) return;
      this.sendBuffered();
      const next = this.buffer?.[0];
      if (next === undefined && this.mustCover === undefined) {
        this.buffer = undefined;
        return;
      }
      const after = this.last as number;
      let read;
      try {
        if (readers === undefined) throw new UnavailableError('the gateway has no database to read event history from');
        read = await readers.history(this.stream, this.key, after, next === undefined ? Infinity : next.version - 1, options.historyPageSize, this.mustCover);
      } catch (error) {
        // Once per catch-up: a database outage would otherwise log every retry of every subscription.
        if (failedReads++ === 0) this.session.logger.warn({ err: error, stream: this.stream.name, key: this.key }, 'event history read failed; retrying');
        read = undefined;
      }
      if (this.ended) return;
      const sent = read === undefined ? 0 : this.sendHistory(read.events);
      if (read?.covers === true && read.events.length < options.historyPageSize) this.mustCover = undefined;
      if (sent > 0 || (read !== undefined && next === undefined && this.mustCover === undefined)) {
        deadline = Date.now() + options.catchUpTimeoutMs;
        continue;
      }
      if (Date.now() >= deadline) return this.giveUp();
      await sleep(options.catchUpRetryMs);
    }
  }

  /** Sends the buffered records that are next in line and drops those already sent. */
  private sendBuffered(): void {
    const buffer = this.buffer as LiveMessage[];
    let taken = 0;
    for (const message of buffer) {
      if (message.version > (this.last as number) + 1) break;
      taken += 1;
      if (message.version === (this.last as number) + 1) {
        this.last = message.version;
        this.session.sendText(message.text);
      }
    }
    if (taken > 0) buffer.splice(0, taken);
  }

  /** Sends history events while they continue the stream; returns how many. */
  private sendHistory(events: readonly HistoryEvent[]): number {
    let sent = 0;
    for (const event of events) {
      if (event.version !== (this.last as number) + 1) break;
      this.session.sendText(JSON.stringify(eventMessage(this.stream.name, this.key, event.version, event.name, event.data, event.occurredAt)));
      this.last = event.version;
      sent += 1;
    }
    return sent;
  }

  private giveUp(): void {
    const last = this.last as number;
    this.context.onCatchUpFailed();
    this.context.release(this);
    this.session.logger.warn({ stream: this.stream.name, key: this.key, last }, 'event history did not catch up in time; closing the socket 1013');
    this.session.fail(null, new UnavailableError(`${this.stream.name} "${this.key}": the events after version ${last} are not available yet; resubscribe with fromVersion ${last}`));
    this.session.close(CLOSE_TRY_AGAIN_LATER, 'event history behind: resume with fromVersion');
  }
}
