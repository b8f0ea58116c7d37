/**
 * The `ops.status` stream: every service instance publishes its status to `eventline.status`
 * each second (platform/status, started by every runtime) and the gateway streams the board
 * of all instances like a view — snapshot, then each change — to staff only. Here the test
 * gateway publishes its own status, a second publisher stands in for a projector instance,
 * and a dead letter made in-process shows up with its error.
 */
import { Registry } from 'prom-client';
import { consumerLagGauge, deadLetter } from '../../../platform/kafka';
import { createLogger } from '../../../platform/logger';
import { StatusPublisher, type InstanceStatus } from '../../../platform/status';
import type { ServerMessage } from '../../../gateway/protocol';
import { START_TIMEOUT_MS, startTestGateway, TestClient, type TestGateway } from './harness';
import { subscribe, until } from './live-support';

jest.setTimeout(120_000);

const STREAM = 'ops.status';

describe('ops.status', () => {
  let gw: TestGateway;
  beforeAll(async () => (gw = await startTestGateway()), START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  const boards = (client: TestClient): { instances: InstanceStatus[] }[] =>
    client.messages.filter((message) => (message.op === 'snapshot' || message.op === 'event') && 'stream' in message && message.stream === STREAM).map((message) => (message as { data: { instances: InstanceStatus[] } }).data);
  const latest = (client: TestClient): InstanceStatus[] => boards(client).at(-1)?.instances ?? [];

  it('streams every instance\'s status to staff, live, and drops an instance that stopped', async () => {
    const viewer = await TestClient.open(`${gw.wsUrl}?token=${await gw.token()}`);
    expect(await subscribe(viewer, STREAM, 'pipeline')).toMatchObject({ op: 'subscribed', stream: STREAM, key: 'pipeline' });

    // The gateway's own status: its sockets (this one), its fan-out consumer's lag, ready.
    // (Its lag is measured each second: a status taken before the first measurement has none yet.)
    await until(() => latest(viewer).some((status) => status.service === 'gateway' && (status.values.sockets ?? 0) >= 1 && status.lag.length > 0), 'the gateway to report its socket and lag');
    const own = latest(viewer).find((status) => status.service === 'gateway')!;
    expect(own).toMatchObject({ ready: true, checks: expect.arrayContaining([expect.objectContaining({ name: 'kafka', ok: true })]) });
    expect(own.lag.some((row) => row.consumer === 'gateway-fanout' && row.lag === 0)).toBe(true);
    expect(own.rates).toHaveProperty('commandsReceived');

    // A dead letter made in this process: counted per source topic, with the newest error.
    deadLetter({ topic: 'orders.events', partition: 0, message: { key: null, value: Buffer.from('x'), offset: '9', timestamp: '0' } }, new Error('cannot decode'), 'test');
    await until(() => latest(viewer).some((status) => status.deadLetters.some((row) => row.topic === 'orders.events' && row.newestError.includes('cannot decode'))), 'the dead letter to be reported');

    // Another instance (as a projector would publish), with a lag per partition; its tombstone on stop removes it.
    const registry = new Registry();
    consumerLagGauge(registry).set({ consumer: 'projector', topic: 'orders.events', partition: 2 }, 42);
    const projector = new StatusPublisher({ kafka: gw.kafka, topic: gw.runtime.topics.status(), service: 'projector', registry, checks: [], logger: createLogger('test', 'silent') });
    await projector.start();
    const projectorOf = (): InstanceStatus | undefined => latest(viewer).find((status) => status.instance === projector.instance && status.service === 'projector');
    await until(() => projectorOf() !== undefined, 'the projector instance to appear');
    expect(projectorOf()!.lag).toEqual([{ consumer: 'projector', topic: 'orders.events', partition: 2, lag: 42 }]);
    await projector.stop();
    await until(() => projectorOf() === undefined && latest(viewer).some((status) => status.service === 'gateway'), 'the stopped instance to leave the board');

    const versions = viewer.messages.filter((message): message is ServerMessage & { version: number } => message.op === 'event' && 'stream' in message && message.stream === STREAM).map((message) => message.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    viewer.close();
  });

  it('is for staff only, and has the one key', async () => {
    const customer = await TestClient.open(`${gw.wsUrl}?token=${await gw.token({ roles: [] })}`);
    expect(await subscribe(customer, STREAM, 'pipeline')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect(await subscribe(customer, STREAM, 'other')).toMatchObject({ op: 'error', code: 'BAD_REQUEST' });
    customer.close();
  });
});
