/** An HTTP request waiting for its command's outcome (`?wait=outcome`). */
import type { EventlineError } from '../../platform/errors';
import type { OutcomeMessage } from '../protocol';
import type { OutcomeTarget } from './pending-commands';

export class OutcomeWaiter implements OutcomeTarget {
  /** Resolves with the outcome; rejects UNAVAILABLE on timeout (HTTP 504) or shutdown. */
  readonly outcome: Promise<OutcomeMessage>;
  private resolve!: (outcome: OutcomeMessage) => void;
  private reject!: (error: EventlineError) => void;

  constructor() {
    this.outcome = new Promise<OutcomeMessage>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // If publishing fails, nobody awaits `outcome`, yet the entry still expires later:
    // mark the rejection handled so it cannot become an unhandled rejection.
    this.outcome.catch(() => undefined);
  }

  deliverOutcome(outcome: OutcomeMessage): void {
    this.resolve(outcome);
  }

  outcomeUnavailable(_commandId: string, error: EventlineError): void {
    this.reject(error);
  }
}
