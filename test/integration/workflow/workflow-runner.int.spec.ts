/**
 * The workflow runner in process against the real broker, with a workflow made to fail: an
 * event it cannot decode, a react that throws and a command its schema refuses go to the
 * source domain's dead letters, the good reactions' commands go out with their deterministic
 * ids, and a runner started again resumes after what the first committed (no command again).
 */
import { defineWorkflow, type RecordedEvent } from '../../../domains';
import { DEAD_LETTER_HEADERS, ensureTopics, TopicNames } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { Registry } from 'prom-client';
import { createWorkflowMetrics, WorkflowRunner, workflowCommandId } from '../../../services/workflow';
import { codec, connectedKafkaClients, readDecoded, readTopic, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(120_000);

const placedData = { storeId: 'store-1', customerId: 'c-1', currency: 'EUR', totalCents: 500, items: [{ sku: 'a', qty: 1, priceCents: 500 }] };

/** Cancels every placed order; throws on a payment; sends an invalid cancellation on a shipment. */
const failing = defineWorkflow<number, RecordedEvent>({
  name: 'failing',
  sources: ['orders'],
  initialState: () => 0,
  react(event, reacted) {
    if (event.type === 'OrderPaid') throw new Error('react failed on purpose');
    const reason = event.type === 'OrderShipped' ? '' : 'test';
    return { commands: [{ domain: 'orders', name: 'CancelOrder', aggregateId: event.aggregateId, data: { reason } }], state: reacted + 1 };
  },
});

describe('workflow runner', () => {
  const kafka = testKafka();
  const logger = createLogger('test', 'silent');
  const clients = connectedKafkaClients(kafka);

  function event(type: string, aggregateId: string, version: number, data: unknown) {
    return { key: aggregateId, value: codec.encode(`eventline.orders.${type}` as never, { aggregateId, version, commandId: `c-${aggregateId}-${version}`, userId: 'u', occurredAt: new Date('2025-01-01T12:00:00Z'), data } as never) };
  }

  it('dead-letters what fails, sends the rest once, and resumes after what it committed', async () => {
    const topics = new TopicNames(`${uniqueName('wf-run')}.`);
    await ensureTopics(clients.admin, topics.specs(['orders'], [], 1, [failing.name]), 1, logger);
    const appId = uniqueName('wf-run');
    const metrics = createWorkflowMetrics(new Registry());
    const runner = () => new WorkflowRunner({ kafka, topics, codec, logger, metrics, workflow: failing, appId, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000, onFatal: () => undefined });
    const eventsTopic = topics.domain('orders', 'events');
    await clients.producer.send({
      topic: eventsTopic,
      messages: [
        event('OrderPlaced', 'o-1', 1, placedData),
        { key: 'o-2', value: Buffer.from('not avro') },
        event('OrderPaid', 'o-1', 2, { storeId: 'store-1', amountCents: 500, currency: 'EUR' }),
        event('OrderShipped', 'o-1', 3, { storeId: 'store-1', carrier: 'DHL', trackingNumber: null }),
      ],
    });
    const first = runner();
    await first.start();
    const deadLetters = await waitFor(async () => {
      const records = await readTopic(kafka, topics.domain('orders', 'deadletters'));
      return records.length >= 3 ? records : undefined;
    }, 60_000, 'three dead letters');
    expect(deadLetters.map((record) => [record.key, String(record.message.headers?.[DEAD_LETTER_HEADERS.consumer])])).toEqual([
      ['o-2', 'workflow:failing'],
      ['o-1', 'workflow:failing'],
      ['o-1', 'workflow:failing'],
    ]);
    expect(String(deadLetters[1]!.message.headers?.[DEAD_LETTER_HEADERS.error])).toBe('react failed on purpose');
    expect(String(deadLetters[2]!.message.headers?.[DEAD_LETTER_HEADERS.code])).toBe('INVALID_COMMAND');
    const commands = await readDecoded(kafka, topics.domain('orders', 'commands'));
    expect(commands.map(({ decoded }) => [decoded.name, (decoded.value as { commandId: string }).commandId])).toEqual([
      ['CancelOrder', workflowCommandId('failing', { domain: 'orders', aggregateId: 'o-1', version: 1 }, 0)],
    ]);
    await first.stop();
    const counted = async (counter: { get(): Promise<{ values: { labels: Record<string, string | number | undefined>; value: number }[] }> }, label: string) =>
      Object.fromEntries((await counter.get()).values.map(({ labels, value }) => [String(labels[label]), value]));
    expect(await counted(metrics.events, 'result')).toEqual({ reacted: 1, dead_letter: 3 });
    expect(await counted(metrics.commands, 'domain')).toEqual({ orders: 1 });

    await clients.producer.send({ topic: eventsTopic, messages: [event('OrderPlaced', 'o-3', 1, placedData)] });
    const second = runner();
    await second.start();
    const after = await waitFor(async () => {
      const records = await readDecoded(kafka, topics.domain('orders', 'commands'));
      return records.length >= 2 ? records : undefined;
    }, 60_000, 'the second runner\'s command');
    await second.stop();
    expect(after.map(({ decoded }) => (decoded.value as { aggregateId: string }).aggregateId)).toEqual(['o-1', 'o-3']);
    expect(await readTopic(kafka, topics.domain('orders', 'deadletters'))).toHaveLength(3);
    const [state] = await readTopic(kafka, topics.workflowState('failing')).then((records) => records.filter((record) => record.key === 'orders/o-3'));
    expect(JSON.parse(String(state?.message.value))).toEqual({ version: 1, state: 1 });
  });
});
