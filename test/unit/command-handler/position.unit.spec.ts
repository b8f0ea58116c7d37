import fc from 'fast-check';
import { findDomain } from '../../../domains';
import { createCodec } from '../../../schemas';
import { toSnapshot } from '../../../services/command-handler/aggregate';
import { batchStart, POSITION_KEY, positionMessage, positionOf } from '../../../services/command-handler/position';

describe('batchStart', () => {
  it('decides the whole batch when no position was ever written (the group offset rules)', () => {
    expect(batchStart(undefined, 40n, 49n, false)).toEqual({ kind: 'decide', from: 40n });
  });

  it('skips the commands before the position when the group offset trails it', () => {
    expect(batchStart(45n, 40n, 49n, false)).toEqual({ kind: 'decide', from: 45n });
    expect(batchStart(40n, 40n, 49n, false)).toEqual({ kind: 'decide', from: 40n });
  });

  it('decides nothing of a batch the position is just past', () => {
    expect(batchStart(50n, 40n, 49n, false)).toEqual({ kind: 'decide', from: 50n });
  });

  it('moves the consumer to a position beyond the batch instead of fetching through decided commands', () => {
    expect(batchStart(5_000n, 0n, 499n, false)).toEqual({ kind: 'seek', to: 5_000n });
  });

  it('goes back for commands the group skipped but no transaction decided', () => {
    expect(batchStart(30n, 40n, 49n, false)).toEqual({ kind: 'seek', to: 30n });
  });

  it('after one move, resumes with what the log has when the position is no longer in it', () => {
    expect(batchStart(30n, 40n, 49n, true)).toEqual({ kind: 'position-gone', from: 40n });
    expect(batchStart(5_000n, 0n, 499n, true)).toEqual({ kind: 'position-gone', from: 0n });
  });

  it('never decides a command before the position while the position is in the log', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 1_000n), fc.bigInt(0n, 1_000n), fc.bigInt(0n, 100n), fc.boolean(), (position, first, length, sought) => {
        const start = batchStart(position, first, first + length, sought);
        if (position >= first && position <= first + length + 1n) {
          expect(start).toEqual({ kind: 'decide', from: position });
        } else {
          expect(start.kind).toBe(sought ? 'position-gone' : 'seek');
        }
      }),
    );
  });
});

describe('position records', () => {
  const codec = createCodec();

  it('round-trips through the snapshots topic under the empty key', () => {
    const message = positionMessage(codec, 'orders.commands', 3, 1_234n);
    expect(message).toMatchObject({ key: POSITION_KEY, partition: 3 });
    expect(positionOf(codec, POSITION_KEY, message.value as Buffer)).toBe(1_234n);
    expect(codec.decode(message.value as Buffer)).toMatchObject({ subject: 'eventline.HandlerPosition', value: { commandsTopic: 'orders.commands', partition: 3, nextOffset: 1_234 } });
  });

  it('is not read from an aggregate snapshot', () => {
    const orders = findDomain('orders')!;
    const subject: string = `${orders.namespace}.${orders.snapshotRecord}`;
    const snapshot = codec.encode(subject, toSnapshot({ aggregateId: 'o-1', version: 0, state: orders.decider.initialState(), recentCommands: [] }, new Date(0)));
    expect(positionOf(codec, 'o-1', snapshot)).toBeUndefined();
  });
});
