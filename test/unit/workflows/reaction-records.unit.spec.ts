/** One workflow step as records: deterministic command ids, the workflow's actor, validated commands. */
import { describe, expect, it } from '@jest/globals';
import { defineWorkflow, workflows, type RecordedEvent } from '../../../domains';
import { InvalidCommandError } from '../../../platform/errors';
import { TopicNames } from '../../../platform/kafka';
import { createCodec } from '../../../schemas';
import { reactionRecords, uuidV5, workflowCommandId } from '../../../services/workflow';
import { recorded } from '../domains/support/records';

const codec = createCodec();
const topics = new TopicNames('t.');
const [fulfilment] = workflows;
const placed = {
  ...recorded(
    { type: 'OrderPlaced', data: { storeId: 'store-1', customerId: 'c-1', currency: 'EUR', totalCents: 1_000, items: [{ sku: 'a', qty: 2, priceCents: 500 }] } },
    'o-1',
    1,
    '2025-01-01T12:00:00Z',
  ),
  domain: 'orders',
} as RecordedEvent & { domain: string };

describe('command ids', () => {
  it('are RFC 9562 UUIDv5', () => {
    // The RFC's example: the DNS namespace and "www.example.com".
    expect(uuidV5('www.example.com', Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'))).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('are the same for the same event and index, and differ otherwise', () => {
    const id = workflowCommandId('w', { domain: 'orders', aggregateId: 'o-1', version: 1 }, 0);
    expect(workflowCommandId('w', { domain: 'orders', aggregateId: 'o-1', version: 1 }, 0)).toBe(id);
    expect(new Set([
      id,
      workflowCommandId('w', { domain: 'orders', aggregateId: 'o-1', version: 1 }, 1),
      workflowCommandId('w', { domain: 'orders', aggregateId: 'o-1', version: 2 }, 0),
      workflowCommandId('w', { domain: 'orders', aggregateId: 'o-2', version: 1 }, 0),
      workflowCommandId('v', { domain: 'orders', aggregateId: 'o-1', version: 1 }, 0),
    ]).size).toBe(5);
  });
});

describe('reactionRecords', () => {
  it('writes the same command records for the same event, sent as the workflow', () => {
    const first = reactionRecords(fulfilment!, placed, undefined, codec, topics);
    const again = reactionRecords(fulfilment!, placed, undefined, codec, topics);
    expect(again).toEqual(first);
    expect(first.progress).toEqual({ version: 1, state: { reservationRequested: true } });
    expect(first.commands).toHaveLength(1);
    const [command] = first.commands;
    expect(command!.topic).toBe('t.inventory.commands');
    expect(command!.record.key).toBe('store-1');
    expect(codec.decode(command!.record.value as Buffer).value).toEqual({
      commandId: workflowCommandId('order-fulfilment', placed, 0),
      aggregateId: 'store-1',
      userId: 'workflow:order-fulfilment',
      roles: ['staff'],
      correlationId: placed.commandId,
      issuedAt: placed.occurredAt,
      data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }] },
    });
  });

  it('deletes the state of an aggregate the reaction is done with', () => {
    const cancelled = { ...placed, type: 'OrderCancelled', version: 2, data: { storeId: 'store-1', reason: 'r', previousStatus: 'PLACED', refundCents: 0 } } as RecordedEvent & { domain: string };
    const step = reactionRecords(fulfilment!, cancelled, { version: 1, state: { reservationRequested: true } }, codec, topics);
    expect(step.progress).toBeNull();
    expect(step.commands).toHaveLength(1);
  });

  it('throws on a command that is not registered or not valid, and when react throws', () => {
    const sending = (command: { domain: string; name: string; aggregateId: string; data: unknown }) =>
      defineWorkflow({ name: 'bad', sources: ['orders'], initialState: () => null, react: () => ({ commands: [command], state: null }) });
    expect(() => reactionRecords(sending({ domain: 'orders', name: 'Refund', aggregateId: 'o-1', data: {} }), placed, undefined, codec, topics)).toThrow(InvalidCommandError);
    expect(() => reactionRecords(sending({ domain: 'orders', name: 'CancelOrder', aggregateId: 'o-1', data: { reason: '' } }), placed, undefined, codec, topics)).toThrow(InvalidCommandError);
    expect(() => reactionRecords(sending({ domain: 'orders', name: 'CancelOrder', aggregateId: '', data: { reason: 'x' } }), placed, undefined, codec, topics)).toThrow(InvalidCommandError);
    const throwing = defineWorkflow({ name: 'throws', sources: ['orders'], initialState: () => null, react: () => { throw new Error('boom'); } });
    expect(() => reactionRecords(throwing, placed, undefined, codec, topics)).toThrow('boom');
  });
});
