/** The SDK's commands: ack and outcome, array frames, error replies, timeouts, resend after a drop. */
import { ClientClosedError, CommandTimeoutError, FrameTooLargeError, ServerError, type CommandInput, type OutcomeMessage } from '../../../client';
import { ProtocolServer } from './protocol-server';

const PLACE: CommandInput = { domain: 'orders', name: 'PlaceOrder', key: 'order-1', data: { storeId: 'store-1' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function accepted(id: string, version = 1): OutcomeMessage {
  return { op: 'outcome', id, status: 'accepted', version, events: ['OrderPlaced'] };
}

describe('EventlineClient commands', () => {
  let server: ProtocolServer;
  beforeEach(async () => (server = await ProtocolServer.start()));
  afterEach(() => server.stop());

  it('sends a command frame with a fresh UUID and resolves its ack, then its outcome', async () => {
    const client = server.client();
    await client.connect();
    const handle = client.send(PLACE);
    const connection = await server.connection(0);
    const frame = await connection.frame('command');
    expect(frame).toEqual({ op: 'command', id: handle.id, domain: 'orders', name: 'PlaceOrder', key: 'order-1', data: { storeId: 'store-1' } });
    expect(handle.id).toMatch(UUID);
    connection.send({ op: 'ack', id: handle.id, partition: 2, offset: '41' });
    await expect(handle.ack).resolves.toEqual({ op: 'ack', id: handle.id, partition: 2, offset: '41' });
    connection.send(accepted(handle.id, 3));
    await expect(handle.outcome).resolves.toEqual(accepted(handle.id, 3));
  });

  it('carries the caller\'s W3C trace context on the command frame', async () => {
    const client = server.client();
    await client.connect();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const handle = client.send({ ...PLACE, traceparent, tracestate: 'vendor=1' });
    const frame = await (await server.connection(0)).frame('command');
    expect(frame).toEqual({ op: 'command', id: handle.id, domain: 'orders', name: 'PlaceOrder', key: 'order-1', data: { storeId: 'store-1' }, traceparent, tracestate: 'vendor=1' });
  });

  it('reads messages packed into one JSON array frame, in order', async () => {
    const client = server.client();
    await client.connect();
    const outcome = client.command({ ...PLACE, id: 'c-1' });
    const connection = await server.connection(0);
    await connection.frame('command');
    connection.send([
      { op: 'ack', id: 'c-1', partition: 0, offset: '7' },
      { op: 'outcome', id: 'c-1', status: 'rejected', reason: 'order already exists' },
    ]);
    // A rejection is the domain's answer, not an error.
    await expect(outcome).resolves.toEqual({ op: 'outcome', id: 'c-1', status: 'rejected', reason: 'order already exists' });
  });

  it('refuses a command larger than the gateway takes without sending it, counting UTF-8 bytes', async () => {
    const client = server.client({ maxFrameBytes: 1_000 });
    await client.connect();
    const tooBig = client.send({ ...PLACE, id: 'big', data: { text: 'é'.repeat(480) } });
    await expect(tooBig.outcome).rejects.toBeInstanceOf(FrameTooLargeError);
    await expect(tooBig.ack).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE', commandId: 'big' });
    const fits = client.send({ ...PLACE, id: 'fits', data: { text: 'e'.repeat(480) } });
    const connection = await server.connection(0);
    expect((await connection.frame('command')).id).toBe('fits');
    connection.send(accepted('fits'));
    await expect(fits.outcome).resolves.toEqual(accepted('fits'));
  });

  it("resolves command(…, {wait: 'ack'}) on the ack", async () => {
    const client = server.client();
    await client.connect();
    const ack = client.command({ ...PLACE, id: 'c-2' }, { wait: 'ack' });
    const connection = await server.connection(0);
    await connection.frame('command');
    connection.send({ op: 'ack', id: 'c-2', partition: 1, offset: '0' });
    await expect(ack).resolves.toMatchObject({ op: 'ack', id: 'c-2' });
  });

  it('rejects ack and outcome with a ServerError carrying code and field details', async () => {
    const client = server.client();
    await client.connect();
    const handle = client.send({ ...PLACE, id: 'c-3' });
    const connection = await server.connection(0);
    await connection.frame('command');
    const details = [{ path: 'data.items', expected: 'array', message: 'is missing' }];
    connection.send({ op: 'error', id: 'c-3', code: 'INVALID_COMMAND', message: 'command data is invalid', details });
    const error = await handle.outcome.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'INVALID_COMMAND', retriable: false, requestId: 'c-3', details, message: 'command data is invalid' });
    await expect(handle.ack).rejects.toBe(error);
  });

  it('marks RATE_LIMITED and UNAVAILABLE replies retriable', async () => {
    const client = server.client();
    await client.connect();
    const limited = client.command({ ...PLACE, id: 'c-4' });
    const unavailable = client.command({ ...PLACE, id: 'c-5' });
    const connection = await server.connection(0);
    await connection.frame('command', (frame) => frame.id === 'c-5');
    connection.send([
      { op: 'error', id: 'c-4', code: 'RATE_LIMITED', message: 'slow down', details: [] },
      { op: 'error', id: 'c-5', code: 'UNAVAILABLE', message: 'try later', details: [] },
    ]);
    await expect(limited).rejects.toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    await expect(unavailable).rejects.toMatchObject({ code: 'UNAVAILABLE', retriable: true });
  });

  it('fails a command without an outcome in time with CommandTimeoutError', async () => {
    const client = server.client({ commandTimeoutMs: 50 });
    const outcome = client.command({ ...PLACE, id: 'c-6' });
    await expect(outcome).rejects.toBeInstanceOf(CommandTimeoutError);
    await expect(outcome).rejects.toMatchObject({ code: 'TIMEOUT', retriable: true, commandId: 'c-6' });
  });

  it('sends a command given while disconnected once the socket opens', async () => {
    const client = server.client();
    const handle = client.send({ ...PLACE, id: 'c-7' });
    void client.connect();
    const connection = await server.connection(0);
    expect(await connection.frame('command')).toMatchObject({ id: 'c-7' });
    connection.send([{ op: 'ack', id: 'c-7', partition: 0, offset: '1' }, accepted('c-7')]);
    await expect(handle.outcome).resolves.toEqual(accepted('c-7'));
  });

  it('sends a command cut off by a drop again, with the same id, and resolves the outcome from the new connection', async () => {
    const client = server.client();
    await client.connect();
    const handle = client.send({ ...PLACE, id: 'c-8' });
    const first = await server.connection(0);
    await first.frame('command');
    first.send({ op: 'ack', id: 'c-8', partition: 0, offset: '5' });
    await handle.ack;
    first.drop();
    const second = await server.connection(1);
    expect(await second.frame('command')).toEqual((await first.frame('command')));
    // The gateway answers a command id it has seen with the first outcome.
    second.send([{ op: 'ack', id: 'c-8', partition: 0, offset: '9' }, accepted('c-8', 4)]);
    await expect(handle.outcome).resolves.toEqual(accepted('c-8', 4));
    await expect(handle.ack).resolves.toMatchObject({ offset: '5' });
  });

  it("does not send a command again after its ack when the caller waits for the ack only", async () => {
    const client = server.client();
    await client.connect();
    const ack = client.command({ ...PLACE, id: 'c-9' }, { wait: 'ack' });
    const first = await server.connection(0);
    await first.frame('command');
    first.send({ op: 'ack', id: 'c-9', partition: 0, offset: '5' });
    await ack;
    first.drop();
    const second = await server.connection(1);
    client.send({ ...PLACE, id: 'c-10' });
    expect((await second.frame('command')).id).toBe('c-10');
    expect(second.frames.filter((frame) => frame.id === 'c-9')).toEqual([]);
  });

  it('rejects waiting commands with ClientClosedError on close, and commands after it at once', async () => {
    const client = server.client();
    const waiting = client.command({ ...PLACE, id: 'c-11' });
    const connected = client.connect();
    client.close();
    client.close();
    await expect(waiting).rejects.toBeInstanceOf(ClientClosedError);
    await expect(connected).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(client.command({ ...PLACE, id: 'c-12' })).rejects.toBeInstanceOf(ClientClosedError);
    expect(client.state).toBe('disconnected');
  });

  it("passes `await: 'projected'` and a correlation id on, and resolves with the outcome that comes once projected", async () => {
    const client = server.client();
    await client.connect();
    const outcome = client.command({ ...PLACE, id: 'c-13', await: 'projected', correlationId: 'checkout-1' });
    const connection = await server.connection(0);
    expect(await connection.frame('command')).toEqual({ op: 'command', id: 'c-13', domain: 'orders', name: 'PlaceOrder', key: 'order-1', data: { storeId: 'store-1' }, correlationId: 'checkout-1', await: 'projected' });
    connection.send([{ op: 'ack', id: 'c-13', partition: 0, offset: '3' }, accepted('c-13')]);
    await expect(outcome).resolves.toEqual(accepted('c-13'));
  });
});
