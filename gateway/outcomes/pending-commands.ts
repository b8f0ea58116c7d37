/**
 * Who waits for which command's outcome: command id → target (a socket, or an HTTP request
 * with `?wait=outcome`). An entry lives until its outcome is routed or `timeoutMs` passes.
 *
 * All entries share one timeout, so a Map's insertion order is also expiry order: a
 * periodic sweep pops expired entries off the front, instead of one timer per command.
 */
import { TimedOutError, UnavailableError, type EventlineError } from '../../platform/errors';
import type { eventline } from '../../schemas';
import type { OutcomeMessage } from '../protocol';

export interface OutcomeTarget {
  /** The command's outcome (`decided`: the record it came from); called at most once per registration. */
  deliverOutcome(outcome: OutcomeMessage, decided: eventline.CommandOutcome): void;
  /** No outcome will come through this gateway: timed out (TimedOutError) or shutting down (UnavailableError). */
  outcomeUnavailable(commandId: string, error: EventlineError): void;
}

/** The target of a command nobody waits for (HTTP without `?wait`): its outcome is only audited. */
export const UNWAITED: OutcomeTarget = Object.freeze({ deliverOutcome: () => undefined, outcomeUnavailable: () => undefined });

interface Entry {
  readonly target: OutcomeTarget;
  readonly expiresAt: number;
}

/** Sweep often enough that a timeout fires within a tenth of itself, but never busier than every 10 ms. */
const MIN_SWEEP_MS = 10;
const MAX_SWEEP_MS = 1_000;

export class PendingCommands {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, timeoutMs / 10)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * A command id sent again while pending (a client retrying, perhaps from another socket)
   * keeps every distinct target, and its expiry restarts.
   */
  register(commandId: string, target: OutcomeTarget): void {
    const existing = this.entries.get(commandId);
    if (existing) this.entries.delete(commandId);
    this.entries.set(commandId, { target: existing ? withTarget(existing.target, target) : target, expiresAt: this.now() + this.timeoutMs });
  }

  /** Removes and returns the target waiting for `commandId`, if any. */
  take(commandId: string): OutcomeTarget | undefined {
    const entry = this.entries.get(commandId);
    if (!entry) return undefined;
    this.entries.delete(commandId);
    return entry.target;
  }

  /** Expires every entry whose time is up. */
  sweep(): void {
    const now = this.now();
    // One error for every entry of this sweep: building one (stack trace included) per
    // command was a visible share of the gateway's CPU when no handler answered at all.
    let timedOut: TimedOutError | undefined;
    for (const [commandId, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.entries.delete(commandId);
      timedOut ??= new TimedOutError(`no outcome within ${this.timeoutMs} ms; retry with the same id to get it`);
      entry.target.outcomeUnavailable(commandId, timedOut);
    }
  }

  /** Stops sweeping and tells every waiter that no outcome will come. */
  close(): void {
    clearInterval(this.sweeper);
    const error = new UnavailableError('the gateway is shutting down');
    for (const [commandId, entry] of this.entries) entry.target.outcomeUnavailable(commandId, error);
    this.entries.clear();
  }
}

/** `current` plus `added`, each target once. */
function withTarget(current: OutcomeTarget, added: OutcomeTarget): OutcomeTarget {
  if (current === added) return current;
  if (!(current instanceof TargetGroup)) return new TargetGroup([current, added]);
  if (!current.targets.includes(added)) current.targets.push(added);
  return current;
}

/** Several senders of one command id (rare: a client retrying from another socket). */
class TargetGroup implements OutcomeTarget {
  constructor(readonly targets: OutcomeTarget[]) {}

  deliverOutcome(outcome: OutcomeMessage, decided: eventline.CommandOutcome): void {
    for (const target of this.targets) target.deliverOutcome(outcome, decided);
  }

  outcomeUnavailable(commandId: string, error: EventlineError): void {
    for (const target of this.targets) target.outcomeUnavailable(commandId, error);
  }
}
