import { TimedOutError, UnavailableError, type EventlineError } from '../../../platform/errors';
import { OutcomeWaiter, PendingCommands, type OutcomeTarget } from '../../../gateway/outcomes';
import type { OutcomeMessage } from '../../../gateway/protocol';
import { acceptedOutcome } from '../../support/outcomes';

class Recorder implements OutcomeTarget {
  readonly outcomes: OutcomeMessage[] = [];
  readonly unavailable: [string, EventlineError][] = [];
  deliverOutcome(outcome: OutcomeMessage): void {
    this.outcomes.push(outcome);
  }
  outcomeUnavailable(commandId: string, error: EventlineError): void {
    this.unavailable.push([commandId, error]);
  }
}

const outcome: OutcomeMessage = { op: 'outcome', id: 'c1', status: 'accepted', version: 1, events: ['OrderPlaced'] };
const decided = acceptedOutcome({ commandId: 'c1', firstEventOffset: 4, lastEventOffset: 4 });

describe('PendingCommands', () => {
  let now = 0;
  let pending: PendingCommands;
  beforeEach(() => {
    now = 0;
    pending = new PendingCommands(1000, () => now);
  });
  afterEach(() => pending.close());

  it('hands the target over once', () => {
    const target = new Recorder();
    pending.register('c1', target);
    expect(pending.take('c1')).toBe(target);
    expect(pending.take('c1')).toBeUndefined();
  });

  it('expires entries in order once their time is up', () => {
    const first = new Recorder();
    const second = new Recorder();
    pending.register('c1', first);
    now = 500;
    pending.register('c2', second);
    now = 1000;
    pending.sweep();
    expect(first.unavailable).toEqual([['c1', expect.any(TimedOutError)]]);
    expect(second.unavailable).toEqual([]);
    expect(pending.size).toBe(1);
    now = 1500;
    pending.sweep();
    expect(pending.size).toBe(0);
  });

  it('keeps both targets of a command id sent twice, and restarts its expiry', () => {
    const first = new Recorder();
    const second = new Recorder();
    pending.register('c1', first);
    now = 900;
    pending.register('c1', second);
    pending.register('c1', second);
    now = 1200;
    pending.sweep();
    expect(pending.size).toBe(1);
    pending.take('c1')?.deliverOutcome(outcome, decided);
    expect(first.outcomes).toEqual([outcome]);
    expect(second.outcomes).toEqual([outcome]);
  });

  it('tells every waiter on close', () => {
    const target = new Recorder();
    pending.register('c1', target);
    pending.close();
    expect(target.unavailable).toEqual([['c1', expect.any(UnavailableError)]]);
  });
});

describe('OutcomeWaiter', () => {
  it('resolves with the outcome, even one delivered before anyone waits', async () => {
    const waiter = new OutcomeWaiter();
    waiter.deliverOutcome(outcome);
    await expect(waiter.outcome).resolves.toBe(outcome);
  });

  it('rejects with the timeout; an unawaited rejection is not unhandled', async () => {
    const waiter = new OutcomeWaiter();
    waiter.outcomeUnavailable('c1', new TimedOutError('late'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(waiter.outcome).rejects.toMatchObject({ code: 'UNAVAILABLE', httpStatus: 504 });
  });
});
