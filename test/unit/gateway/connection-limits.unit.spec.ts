/**
 * What a connection refuses before parsing (frames and bytes per second), and its token's
 * lifetime: at `exp` its subscriptions stop, TOKEN_EXPIRED goes out with nothing queued before
 * it, then close 4001; a renewed token moves the expiry.
 */
import type { ServerMessage } from '../../../gateway/protocol';
import { setupConnection, turn, type FakeSocket } from './support/fake-socket';

const sent = (socket: FakeSocket): ServerMessage[] => socket.frames.flatMap((frame) => [JSON.parse(frame)].flat() as ServerMessage[]);

describe('Connection limits', () => {
  it('refuses frames past the byte bucket without parsing them, naming the id a frame starts with', async () => {
    const parsed: string[] = [];
    const { socket, context } = setupConnection({ context: { rateBytesPerSec: 10, rateBytesBurst: 100 } });
    context.router.register('ping', (frame) => void parsed.push(frame.id));
    socket.receive(JSON.stringify({ op: 'ping', id: 'small' }));
    socket.receive(JSON.stringify({ op: 'ping', id: 'big', padding: 'x'.repeat(200) }));
    socket.receive(`{"id":"broken-but-named",${'x'.repeat(200)}`);
    socket.receive(`[${'x'.repeat(200)}]`);
    await turn();
    expect(parsed).toEqual(['small']);
    expect(sent(socket).map((message) => (message.op === 'error' ? [message.id, message.code] : message.op))).toEqual([
      ['big', 'RATE_LIMITED'],
      ['broken-but-named', 'RATE_LIMITED'],
      [null, 'RATE_LIMITED'],
    ]);
  });

  it('refuses frames past the frame bucket whatever their size', async () => {
    const { socket } = setupConnection({ context: { ratePerSec: 1, rateBurst: 2 } });
    for (const id of ['a', 'b', 'c']) socket.receive(JSON.stringify({ op: 'nope', id }));
    await turn();
    expect(sent(socket).map((message) => (message.op === 'error' ? `${message.id}:${message.code}` : message.op))).toEqual(['a:BAD_REQUEST', 'b:BAD_REQUEST', 'c:RATE_LIMITED']);
  });
});

describe('Connection token lifetime', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  it('at exp stops its subscriptions, drops what was queued, says TOKEN_EXPIRED and closes 4001', () => {
    let stopped = 0;
    const now = Date.now();
    const { socket, connection } = setupConnection({ principal: { expiresAt: Math.floor(now / 1000) + 10 }, context: { onTokenExpired: () => (stopped += 1) } });
    jest.advanceTimersByTime(9_000);
    expect(socket.closed).toBeUndefined();
    connection.sendText('{"op":"event","version":7}');
    jest.advanceTimersByTime(1_100);
    expect(stopped).toBe(1);
    expect(sent(socket)).toEqual([expect.objectContaining({ op: 'error', id: null, code: 'TOKEN_EXPIRED' })]);
    expect([socket.closed, socket.closeReason]).toEqual([4001, 'token expired']);
  });

  it('moves the expiry when the token is renewed, and tells what it follows', () => {
    let renewed = 0;
    const now = Date.now();
    const { socket, connection } = setupConnection({ principal: { expiresAt: Math.floor(now / 1000) + 10 }, context: { onTokenRenewed: () => (renewed += 1) } });
    connection.renew({ ...connection.principal, expiresAt: Math.floor(now / 1000) + 3_600 });
    expect(renewed).toBe(1);
    jest.advanceTimersByTime(60_000);
    expect(socket.closed).toBeUndefined();
    jest.advanceTimersByTime(3_600_000);
    expect(socket.closed).toBe(4001);
  });

  it('stops the timer when the socket closes', () => {
    const { socket, connection } = setupConnection({ principal: { expiresAt: Math.floor(Date.now() / 1000) + 10 } });
    connection.dispose();
    jest.advanceTimersByTime(20_000);
    expect(socket.closed).toBeUndefined();
  });
});
