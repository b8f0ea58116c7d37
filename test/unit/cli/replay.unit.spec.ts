import { describe, expect, it } from '@jest/globals';
import { differenceLine, replayText } from '../../../cli/format/replay-report';
import { checkReplayRequest, indexShape, matchIndexes, rowDifference, shadowModel, shadowTableName, type ReplayReport } from '../../../services/projector/replay';
import { BadRequestError } from '../../../platform/errors';
import { upsertStatement } from '../../../read-models';
import { ordersReadModel } from '../../../domains/orders';
import { messagesReadModel } from '../../../domains/chat';

describe('shadow tables', () => {
  it('are named after the live table and written by the read model SQL builders', () => {
    expect(shadowTableName('orders')).toBe('orders__rebuild');
    const row = { orderId: 'o', storeId: 's', customerId: 'c', status: 'PLACED', totalCents: 1, currency: 'EUR', itemCount: 1, carrier: null, trackingNumber: null, cancelReason: null, placedAt: new Date(0), paidAt: null, shippedAt: null, cancelledAt: null, updatedAt: new Date(0), version: 1 };
    expect(upsertStatement(shadowModel(ordersReadModel), [row], 'overwrite').text).toMatch(/^INSERT INTO orders__rebuild \(order_id, /);
  });

  it('get the live index names back, matched by what each index does', () => {
    const live = [
      { name: 'messages_pkey', definition: 'CREATE UNIQUE INDEX messages_pkey ON public.messages USING btree (room_id, seq)' },
      { name: 'messages_message_id_key', definition: 'CREATE UNIQUE INDEX messages_message_id_key ON public.messages USING btree (room_id, message_id)' },
    ];
    const shadow = [
      { name: 'messages__rebuild_pkey', definition: 'CREATE UNIQUE INDEX messages__rebuild_pkey ON public.messages__rebuild USING btree (room_id, seq)' },
      { name: 'messages__rebuild_room_id_message_id_key', definition: 'CREATE UNIQUE INDEX messages__rebuild_room_id_message_id_key ON public.messages__rebuild USING btree (room_id, message_id)' },
    ];
    expect(indexShape(live[0]!.definition)).toBe('UNIQUE USING btree (room_id, seq)');
    expect(matchIndexes(live, shadow)).toEqual([
      ['messages__rebuild_pkey', 'messages_pkey'],
      ['messages__rebuild_room_id_message_id_key', 'messages_message_id_key'],
    ]);
  });
});

describe('differences', () => {
  const live = { room_id: 'r:1', seq: 2, message_id: 'm-2', author: 'bob', text: 'helo', posted_at: '2025-01-01T12:00:02+00:00', edited_at: null, version: 1 };

  it('names the row by its row key and lists the columns that differ', () => {
    const rebuilt = { ...live, text: 'hello', edited_at: '2025-01-01T12:00:05+00:00', version: 2 };
    const difference = rowDifference(messagesReadModel, live, rebuilt);
    expect(difference).toEqual({
      key: 'r:1:2',
      kind: 'different',
      columns: [
        { column: 'text', live: 'helo', rebuilt: 'hello' },
        { column: 'edited_at', live: null, rebuilt: '2025-01-01T12:00:05+00:00' },
        { column: 'version', live: 1, rebuilt: 2 },
      ],
    });
    expect(differenceLine(difference)).toBe('  ~ r:1:2: text "helo" → "hello", edited_at null → "2025-01-01T12:00:05+00:00", version 1 → 2 (live → rebuild)');
  });

  it('tells rows only on one side', () => {
    expect(differenceLine(rowDifference(messagesReadModel, live, null))).toBe('  - r:1:2: only in live');
    expect(differenceLine(rowDifference(messagesReadModel, null, live))).toBe('  + r:1:2: only in the rebuild');
  });
});

describe('replay requests', () => {
  it('refuse --until without --dry-run', () => {
    expect(() => checkReplayRequest({ projection: 'orders', dryRun: false, until: { kind: 'offset', offset: 5n }, show: 10 })).toThrow(BadRequestError);
    expect(() => checkReplayRequest({ projection: 'orders', dryRun: true, until: { kind: 'offset', offset: 5n }, show: 10 })).not.toThrow();
  });
});

describe('replayText', () => {
  const base: ReplayReport = {
    projection: 'orders',
    table: 'orders',
    topic: 'orders.events',
    dryRun: false,
    interrupted: false,
    droppedLeftover: false,
    counts: { records: 1000, applied: 998, undecodable: 1, failed: 1 },
    seconds: 2,
    partitions: [
      { partition: 0, rebuiltTo: '600', liveCheckpoint: '599', checkpoint: '599' },
      { partition: 1, rebuiltTo: '400', liveCheckpoint: '390', checkpoint: '399' },
    ],
  };

  it('summarises a swap', () => {
    expect(replayText({ ...base, rows: { before: 10, after: 9 }, published: { view: 'store_stats', keys: 2, records: 2 } })).toBe(
      [
        'replay orders: read 1000 records of orders.events, applied 998 events in 2.0 s (500 records/s)',
        'skipped 1 undecodable records and 1 events the projection failed on (as the projector does: see dlq list)',
        'swapped orders in: 10 rows before, 9 after',
        'checkpoints of orders on orders.events (last applied offset): 0: 599, 1: 399',
        'published 2 changed rows of 2 to views.store_stats',
        '',
      ].join('\n'),
    );
  });

  it('summarises a dry run with its first differences', () => {
    const text = replayText({
      ...base,
      dryRun: true,
      counts: { records: 1000, applied: 1000, undecodable: 0, failed: 0 },
      partitions: base.partitions.map((p) => ({ ...p, checkpoint: null })),
      diff: {
        counts: { liveRows: 10, rebuiltRows: 10, onlyLive: 1, onlyRebuilt: 1, different: 1, versionOnly: 0 },
        first: [{ key: 'o-1', kind: 'only-live', columns: [] }],
      },
    });
    expect(text).toContain('compared with orders: 10 live rows, 10 rebuilt; 1 only in live, 1 only in the rebuild, 1 different\n  - o-1: only in live\n  … and 2 more');
    expect(text).toContain('nothing changed; the shadow table was dropped');
    expect(text).not.toContain('checkpoints');
  });
});
