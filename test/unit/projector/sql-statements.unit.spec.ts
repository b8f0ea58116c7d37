/** The bulk SQL the projector runs: reads by key, chunked upserts, COPY of appended rows, checkpoint statements. */
import { describe, expect, it } from '@jest/globals';
import { clearPendingViewKeys, copyField, copyRowsStatement, insertedKeys, lockCheckpoints, selectByKeys, upsertStatement } from '../../../read-models';
import { messagesReadModel, roomMembersReadModel, roomsReadModel } from '../../../domains/chat';

const room = (n: number) => ({
  roomId: `room-${n}`,
  title: `Room ${n}`,
  createdBy: 'alice',
  private: false,
  createdAt: new Date('2025-01-01T12:00:00.000Z'),
  messageCount: n,
  lastSeq: n,
  updatedAt: new Date('2025-01-01T12:00:00.000Z'),
  version: n + 1,
});

describe('selectByKeys', () => {
  it('reads a single-column key with one array parameter, locked in key order', () => {
    expect(selectByKeys(roomsReadModel, ['room-2', 'room-1'], 'update')).toEqual({
      text: 'SELECT room_id, title, created_by, private, created_at, message_count, last_seq, updated_at, version FROM rooms WHERE room_id = ANY($1::text[]) ORDER BY room_id FOR UPDATE',
      values: [['room-2', 'room-1']],
    });
  });

  it('reads a composite key with one array parameter per key column', () => {
    const statement = selectByKeys(messagesReadModel, ['room:1:3', 'room-2:10'], 'share');
    expect(statement.text).toContain('WHERE (room_id, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[])) ORDER BY room_id, seq FOR SHARE');
    expect(statement.values).toEqual([
      ['room:1', 'room-2'],
      [3, 10],
    ]);
  });
});

describe('upsertStatement', () => {
  it('writes the rows as one array per column, overwriting every non-key column', () => {
    const statement = upsertStatement(roomsReadModel, [room(1), room(2)], 'overwrite');
    expect(statement.text).toBe(
      'INSERT INTO rooms (room_id, title, created_by, private, created_at, message_count, last_seq, updated_at, version) ' +
        'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[], $6::bigint[], $7::bigint[], $8::timestamptz[], $9::bigint[]) ON CONFLICT (room_id) DO UPDATE SET ' +
        'title = EXCLUDED.title, created_by = EXCLUDED.created_by, private = EXCLUDED.private, created_at = EXCLUDED.created_at, ' +
        'message_count = EXCLUDED.message_count, last_seq = EXCLUDED.last_seq, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version',
    );
    expect(statement.values).toEqual([
      ['room-1', 'room-2'],
      ['Room 1', 'Room 2'],
      ['alice', 'alice'],
      [false, false],
      ['2025-01-01T12:00:00.000Z', '2025-01-01T12:00:00.000Z'],
      [1, 2],
      [1, 2],
      ['2025-01-01T12:00:00.000Z', '2025-01-01T12:00:00.000Z'],
      [2, 3],
    ]);
  });

  it('inserts new rows without touching a concurrently created one, and returns the keys it inserted', () => {
    const statement = upsertStatement(messagesReadModel, [{ roomId: 'r', seq: 1, messageId: 'm', author: 'a', text: 't', postedAt: new Date(0), editedAt: null, version: 1 }], 'insert-new');
    expect(statement.text).toMatch(/ ON CONFLICT \(room_id, seq\) DO NOTHING RETURNING room_id, seq$/);
    expect(statement.values[6]).toEqual([null]);
    expect([...insertedKeys(messagesReadModel, [{ room_id: 'a:b', seq: '12' }])]).toEqual(['a:b:12']);
  });

  it('keeps one statement of nine parameters however many rows, in their order', () => {
    const rows = Array.from({ length: 20_000 }, (_, n) => room(n));
    const statement = upsertStatement(roomsReadModel, rows, 'overwrite');
    expect(statement.values).toHaveLength(9);
    expect(statement.values[0]).toEqual(rows.map((row) => row.roomId));
  });
});

describe('copyRowsStatement', () => {
  it('writes one text-format line per row, version last, escaping what COPY gives a meaning', () => {
    const member = { roomId: 'r\\1', userId: 'bob\tthe\nbuilder\r', addedBy: 'alice', addedAt: new Date('2025-01-01T12:00:00.000Z'), version: 1 };
    expect(copyRowsStatement(roomMembersReadModel, [member, { ...member, roomId: 'r-2' }])).toEqual({
      text: 'COPY room_members (room_id, user_id, added_by, added_at, version) FROM STDIN',
      data: 'r\\\\1\tbob\\tthe\\nbuilder\\r\talice\t2025-01-01T12:00:00.000Z\t1\nr-2\tbob\\tthe\\nbuilder\\r\talice\t2025-01-01T12:00:00.000Z\t1\n',
    });
    expect(copyRowsStatement(roomMembersReadModel, []).data).toBe('');
  });

  it('writes NULL as \\N, booleans as t/f, and refuses a model that is not insert-only', () => {
    expect([null, undefined, true, false, 0, '\\N'].map(copyField)).toEqual(['\\N', '\\N', 't', 'f', '0', '\\\\N']);
    expect(() => copyRowsStatement(roomsReadModel, [])).toThrow('rooms is not insert-only');
  });
});

describe('checkpoint statements', () => {
  it('lock every projection of a partition in name order, creating missing rows at -1', () => {
    const statement = lockCheckpoints(['store_stats', 'orders'], 'orders.events', 3);
    expect(statement.text).toContain('ORDER BY projection');
    expect(statement.text).toContain('DO UPDATE SET last_offset = projection_checkpoints.last_offset');
    expect(statement.values).toEqual([['store_stats', 'orders'], 'orders.events', 3]);
  });

  it('clear only the published view keys', () => {
    expect(clearPendingViewKeys('store_stats', 'orders.events', 0, ['s-1']).text).toContain('EXCEPT SELECT unnest($4::text[])');
  });
});
