/** The WebSocket write path: ack once in Kafka, the record as the command handler will read it, outcomes back to their sender only. */
import { randomUUID } from 'node:crypto';
import type { orders } from '../../../schemas';
import { placeOrder, produceOutcome, produceRaw, readRecords, recordCount, START_TIMEOUT_MS, startTestGateway, TestClient, type TestGateway } from './harness';

// Real broker round trips (consumer group joins, produce/consume) take seconds, not milliseconds.
jest.setTimeout(30_000);

describe('gateway WebSocket commands', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ WS_HEARTBEAT_MS: '300' });
  }, START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  it('acks a valid command with its partition and offset; the record carries the token subject', async () => {
    const client = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'alice', scope: 'commands:orders' })}`);
    const commands = [placeOrder({ correlationId: 'checkout-9' }), placeOrder(), placeOrder()];
    for (const command of commands) client.send(command);
    const acks = await Promise.all(commands.map((command) => client.reply(command.id as string)));
    expect(acks.map((ack) => ack.op)).toEqual(['ack', 'ack', 'ack']);

    const records = await readRecords(gw.kafka, gw.topic('orders', 'commands'), 3);
    const byId = new Map(records.map((written) => [(written.record.value as orders.PlaceOrder).commandId, written]));
    for (const [index, command] of commands.entries()) {
      const ack = acks[index] as { partition: number; offset: string };
      const written = byId.get(command.id as string);
      expect(written).toMatchObject({ key: command.key, partition: ack.partition, offset: ack.offset, headers: { 'eventline-type': 'PlaceOrder' } });
      expect(written?.record.subject).toBe('eventline.orders.PlaceOrder');
      const value = written?.record.value as orders.PlaceOrder;
      expect(value).toMatchObject({ aggregateId: command.key, userId: 'alice', data: command.data, correlationId: index === 0 ? 'checkout-9' : null });
      expect(value.issuedAt).toBeInstanceOf(Date);
    }
    client.close();
  });

  it('keeps the order of one key across batches', async () => {
    const client = await TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);
    const key = `room-${randomUUID().slice(0, 8)}`;
    const commands = Array.from({ length: 15 }, (_, index) => ({
      op: 'command',
      id: randomUUID(),
      domain: 'chat',
      name: 'PostMessage',
      key,
      data: { messageId: `m-${index}`, text: `message ${index}` },
    }));
    for (const command of commands) client.send(command);
    const acks = (await Promise.all(commands.map((command) => client.reply(command.id)))) as { partition: number; offset: string }[];
    expect(new Set(acks.map((ack) => ack.partition)).size).toBe(1);
    const offsets = acks.map((ack) => BigInt(ack.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    client.close();
  });

  it('answers ping with pong', async () => {
    const client = await TestClient.open(gw.wsUrl, { headers: { authorization: `Bearer ${await gw.token()}` } });
    client.send({ op: 'ping', id: 'p-1' });
    expect(await client.reply('p-1')).toEqual({ op: 'pong', id: 'p-1' });
    client.close();
  });

  it('routes each outcome to the socket that sent the command, and only there', async () => {
    const alice = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'alice' })}`);
    const bob = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ subject: 'bob' })}`);
    const aliceCommand = placeOrder();
    const bobCommand = placeOrder();
    alice.send(aliceCommand);
    bob.send(bobCommand);
    await alice.reply(aliceCommand.id as string);
    await bob.reply(bobCommand.id as string);

    const outcomes = gw.topic('orders', 'outcomes');
    // A record the gateway cannot decode is skipped; the outcomes after it still arrive.
    await produceRaw(gw.kafka, outcomes, 'garbage', Buffer.from('not avro'));
    await produceOutcome(gw.kafka, outcomes, { commandId: randomUUID() }); // someone else's command: dropped
    await produceOutcome(gw.kafka, outcomes, { commandId: aliceCommand.id as string, aggregateId: aliceCommand.key as string, version: 1, events: ['OrderPlaced'] });
    await produceOutcome(gw.kafka, outcomes, {
      commandId: bobCommand.id as string,
      aggregateId: bobCommand.key as string,
      status: 'REJECTED',
      reason: 'order already placed',
      version: 0,
      events: [],
    });

    expect(await alice.next((message) => message.op === 'outcome')).toEqual({ op: 'outcome', id: aliceCommand.id, status: 'accepted', version: 1, events: ['OrderPlaced'] });
    expect(await bob.next((message) => message.op === 'outcome')).toEqual({ op: 'outcome', id: bobCommand.id, status: 'rejected', reason: 'order already placed' });
    // Give a misrouted outcome time to show up before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alice.messages.filter((message) => message.op === 'outcome')).toHaveLength(1);
    expect(bob.messages.filter((message) => message.op === 'outcome')).toHaveLength(1);
    alice.close();
    bob.close();
  });

  it('drops a socket that stops answering pings, and keeps one that answers', async () => {
    const silent = await TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`, { autoPong: false });
    const live = await TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);
    expect((await silent.closed).code).toBe(1006); // terminated: no close frame
    live.send({ op: 'ping', id: 'still-here' });
    expect(await live.reply('still-here')).toEqual({ op: 'pong', id: 'still-here' });
    live.close();
  });

  it('closes sockets with 1001 on shutdown after writing what it acked', async () => {
    const own = await startTestGateway();
    const client = await TestClient.open(`${own.wsUrl}?token=${await own.token()}`);
    const command = placeOrder();
    client.send(command);
    await client.reply(command.id as string);
    await own.runtime.lifecycle.shutdown('test');
    expect((await client.closed).code).toBe(1001);
    expect(await recordCount(own.admin, own.topic('orders', 'commands'))).toBe(1);
    await own.stop();
  }, START_TIMEOUT_MS);
});
