/**
 * Commands sent and not yet decided, by command id. They stay here across reconnects: on
 * every (re)open the client sends each of them again with the same id, and the gateway
 * answers a command id it has seen with its first outcome, so a command cut off by a drop is
 * decided exactly once and its caller still hears the outcome.
 */
import { deferred, type Deferred } from './deferred.js';
import { CommandTimeoutError } from './errors.js';
import type { AckMessage, CommandFrame, OutcomeMessage } from './protocol.js';

/** What `send` returns: the command id and the two answers, in the order they arrive. */
export interface CommandHandle {
  readonly id: string;
  /** Resolves when the command is durably in Kafka. */
  readonly ack: Promise<AckMessage>;
  /** Resolves with the decision, accepted or rejected. */
  readonly outcome: Promise<OutcomeMessage>;
}

/** What the caller waits for: the command is forgotten once it has arrived. */
export type CommandWait = 'ack' | 'outcome';

interface PendingCommand {
  readonly frame: CommandFrame;
  readonly wait: CommandWait;
  readonly ack: Deferred<AckMessage>;
  readonly outcome: Deferred<OutcomeMessage>;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class PendingCommands {
  private readonly byId = new Map<string, PendingCommand>();

  constructor(private readonly timeoutMs: number) {}

  /** Tracks `frame` until what the caller waits for arrives, an error reply, the timeout or `failAll`. */
  add(frame: CommandFrame, wait: CommandWait): CommandHandle {
    const existing = this.byId.get(frame.id);
    if (existing) return this.handleOf(existing);
    const timer = setTimeout(() => this.fail(frame.id, new CommandTimeoutError(frame.id, this.timeoutMs)), this.timeoutMs);
    const pending: PendingCommand = { frame, wait, ack: deferred(), outcome: deferred(), timer };
    this.byId.set(frame.id, pending);
    return this.handleOf(pending);
  }

  /** Every command still waiting, to send again on a new connection. */
  frames(): CommandFrame[] {
    return [...this.byId.values()].map(({ frame }) => frame);
  }

  acknowledge(ack: AckMessage): void {
    const pending = this.byId.get(ack.id);
    if (!pending) return;
    // A caller that waits for the ack only has no use for the outcome: no need to resend after a drop.
    if (pending.wait === 'ack') this.forget(pending);
    // A resent command is acked again; the first ack already settled the promise.
    pending.ack.resolve(ack);
  }

  decide(outcome: OutcomeMessage): void {
    const pending = this.byId.get(outcome.id);
    if (!pending) return;
    this.forget(pending);
    pending.outcome.resolve(outcome);
  }

  /** Rejects command `id` (ack, if not yet settled, and outcome); false when no such command waits. */
  fail(id: string, error: unknown): boolean {
    const pending = this.byId.get(id);
    if (!pending) return false;
    this.forget(pending);
    pending.ack.reject(error);
    pending.outcome.reject(error);
    return true;
  }

  failAll(error: unknown): void {
    for (const id of [...this.byId.keys()]) this.fail(id, error);
  }

  private forget(pending: PendingCommand): void {
    clearTimeout(pending.timer);
    this.byId.delete(pending.frame.id);
  }

  private handleOf({ frame, ack, outcome }: PendingCommand): CommandHandle {
    return { id: frame.id, ack: ack.promise, outcome: outcome.promise };
  }
}
