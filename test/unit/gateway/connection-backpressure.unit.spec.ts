/**
 * A connection's slow-reader policy: frames per turn; a busy socket gets no new frame until
 * it has written out what it had; one over WS_SEND_BUFFER_BYTES is closed 1013 with what
 * waited for it dropped, unless it follows views only, in which case only the newest message
 * per subscription is held; the heartbeat leaves a socket alone whose ping is stuck behind
 * its own backlog.
 */
import type { ConflationSlot } from '../../../gateway/ws';
import { BOUND, setupConnection, turn } from './support/fake-socket';

const setup = (canConflate: boolean) => setupConnection({ canConflate });

describe('Connection back-pressure', () => {
  it('packs one turn of messages into one frame, one message alone as itself', async () => {
    const { socket, connection } = setup(false);
    connection.sendText('{"a":1}');
    connection.sendText('{"b":2}');
    await turn();
    connection.sendText('{"c":3}');
    await turn();
    expect(socket.frames).toEqual(['[{"a":1},{"b":2}]', '{"c":3}']);
  });

  it('sends a frame as soon as it is full, within the turn, and the rest at its end', async () => {
    const { socket, connection } = setupConnection({ context: { sendBufferBytes: 1024 * 1024 } });
    const message = (n: number) => `{"n":${n},"pad":"${'x'.repeat(2048 - 20)}"}`.padEnd(2048, ' ');
    for (let n = 0; n < 40; n += 1) connection.sendText(message(n));
    // 32 messages of 2 KiB fill a 64 KiB frame: it went out before the turn ended.
    expect(socket.frames).toHaveLength(1);
    expect(JSON.parse(socket.frames[0]!)).toHaveLength(32);
    await turn();
    expect(socket.frames).toHaveLength(2);
    expect(JSON.parse(socket.frames[1]!).map((parsed: { n: number }) => parsed.n)).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
  });

  it('sends nothing to a socket that closed while its frame filled, and queues nothing after', async () => {
    const { socket, connection } = setup(false);
    connection.sendText('{"v":1}');
    socket.terminate();
    connection.sendText('{"v":2}');
    await turn();
    connection.sendText('{"v":3}');
    await turn();
    expect(socket.frames).toEqual([]);
  });

  it('closes a socket over the bound with 1013, dropping what waited so the close frame goes next', async () => {
    const { socket, connection, value } = setup(false);
    connection.sendText('{"v":1}');
    socket.bufferedAmount = BOUND + 1;
    await turn();
    expect(socket.closed).toBe(1013);
    expect(socket.frames).toEqual([]);
    expect(await value('slow_closes')).toBe(1);
    connection.sendText('{"v":2}');
    await turn();
    expect(socket.frames).toEqual([]);
  });

  it('holds frames while the socket is busy and sends them as one once it has written out', async () => {
    const { socket, connection } = setup(false);
    socket.bufferedAmount = BOUND / 2; // busy (over a quarter of the bound), not over it
    connection.sendText('{"v":1}');
    await turn();
    connection.sendText('{"v":2}');
    await turn();
    expect(socket.frames).toEqual([]);
    expect(socket.closed).toBeUndefined();
    socket.bufferedAmount = 0;
    socket.pings[0]!(null); // as Node calls a write callback on success
    await turn();
    expect(socket.frames).toEqual(['[{"v":1},{"v":2}]']);
  });

  it('conflates a view-only socket as soon as it is busy, and sends the newest per slot once it has drained', async () => {
    const { socket, connection, value } = setup(true);
    const a: ConflationSlot = { held: undefined };
    const b: ConflationSlot = { held: undefined };
    connection.sendLatest(a, '{"a":1}');
    await turn();
    expect(socket.frames).toEqual(['{"a":1}']);
    socket.bufferedAmount = BOUND / 2;
    connection.sendLatest(a, '{"a":2}');
    await turn();
    expect(socket.pings).toHaveLength(1);
    for (const text of ['{"a":3}', '{"b":1}', '{"a":4}', '{"b":2}']) connection.sendLatest(text.includes('"a"') ? a : b, text);
    connection.sendText('{"reply":1}');
    await turn();
    expect(socket.frames).toEqual(['{"a":1}']);
    expect(await value('conflated')).toBe(2);

    socket.bufferedAmount = 0;
    socket.pings[0]!(null);
    await turn();
    expect(socket.frames.at(-1)).toBe('[{"a":2},{"reply":1},{"a":4},{"b":2}]');
    expect(socket.closed).toBeUndefined();
  });

  it('drops a held message its subscription gave up, and closes a conflating socket its replies take past twice the bound', async () => {
    const { socket, connection } = setup(true);
    const slot: ConflationSlot = { held: undefined };
    socket.bufferedAmount = BOUND + 1;
    connection.sendText('{"reply":1}');
    await turn();
    expect(socket.closed).toBeUndefined();
    connection.sendLatest(slot, '{"a":1}');
    slot.held = undefined;
    socket.bufferedAmount = 0;
    socket.pings[0]!(null);
    await turn();
    expect(socket.frames).toEqual(['{"reply":1}']);

    socket.bufferedAmount = 2 * BOUND + 1;
    connection.sendText('{"reply":2}');
    await turn();
    expect(socket.closed).toBeUndefined(); // conflating from here on
    connection.sendText('{"reply":3}');
    expect(socket.closed).toBe(1013);
  });

  it('lets the heartbeat drop a socket whose ping went out unanswered, not one whose ping is stuck behind its backlog', () => {
    const stuck = setup(true);
    stuck.connection.heartbeat();
    stuck.connection.heartbeat();
    expect(stuck.socket.readyState).toBe(1);

    const silent = setup(true);
    silent.connection.heartbeat();
    silent.socket.pings[0]!(null); // the ping was written out; no pong follows
    silent.connection.heartbeat();
    expect(silent.socket.readyState).toBe(3);
  });

  it('sends what is queued before its close frame', () => {
    const { socket, connection } = setup(false);
    connection.sendText('{"op":"error"}');
    connection.close(1013, 'slow');
    expect(socket.frames).toEqual(['{"op":"error"}']);
    expect(socket.closed).toBe(1013);
  });
});
