/** `POST /api/commands/:domain/:name`: the WebSocket checks and errors as HTTP statuses and problem bodies. */
import type { TokenRequest } from '../../../gateway/auth';
import { placeOrder, produceOutcome, readRecords, recordCount, START_TIMEOUT_MS, startTestGateway, type TestGateway } from './harness';

// Real broker round trips (consumer group joins, produce/consume) take seconds, not milliseconds.
jest.setTimeout(30_000);

describe('gateway HTTP commands', () => {
  let gw: TestGateway;
  let valid = 0;
  beforeAll(async () => {
    gw = await startTestGateway({ COMMAND_TIMEOUT_MS: '1500' });
  }, START_TIMEOUT_MS);
  afterAll(() => gw?.stop(), START_TIMEOUT_MS);

  function body(): { id: string; key: string; data: unknown } {
    const { id, key, data } = placeOrder() as { id: string; key: string; data: unknown };
    return { id, key, data };
  }

  async function bearer(request?: Partial<TokenRequest>): Promise<string> {
    return `Bearer ${await gw.token(request)}`;
  }

  async function post(path: string, payload: unknown, authorization: string | undefined): Promise<{ status: number; json: any }> {
    const response = await fetch(`${gw.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    return { status: response.status, json: await response.json() };
  }

  it('answers 202 with the ack; the record is in Kafka with the token subject', async () => {
    const command = body();
    const { status, json } = await post('/api/commands/orders/PlaceOrder', command, await bearer({ subject: 'carol', scope: 'commands:orders' }));
    expect(status).toBe(202);
    expect(json).toEqual({ op: 'ack', id: command.id, partition: expect.any(Number), offset: expect.stringMatching(/^\d+$/) });
    valid += 1;
    const [written] = await readRecords(gw.kafka, gw.topic('orders', 'commands'), 1);
    expect(written?.record.value).toMatchObject({ commandId: command.id, aggregateId: command.key, userId: 'carol' });
  });

  it.each([
    ['no token', undefined],
    ['a bad token', 'Bearer not-a-jwt'],
    ['a non-Bearer Authorization', 'Basic dXNlcjpwYXNz'],
  ])('answers %s with 401', async (_case, authorization) => {
    expect(await post('/api/commands/orders/PlaceOrder', body(), authorization)).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
  });

  it('answers a token without the domain scope with 403', async () => {
    expect(await post('/api/commands/orders/PlaceOrder', body(), await bearer({ scope: 'commands:chat' }))).toMatchObject({
      status: 403,
      json: { error: { code: 'FORBIDDEN' } },
    });
  });

  it('answers unknown domains and commands with 404, bad bodies with 400', async () => {
    const token = await bearer();
    expect(await post('/api/commands/billing/Pay', body(), token)).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect(await post('/api/commands/orders/Refund', body(), token)).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect(await post('/api/commands/orders/PlaceOrder', '{"id":', token)).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(await post('/api/commands/orders/PlaceOrder', { ...body(), id: 'x' }, token)).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(await post('/api/commands/orders/PlaceOrder?wait=forever', body(), token)).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(await post('/api/nothing-here', {}, token)).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
  });

  it('answers schema-invalid data with 400 INVALID_COMMAND and every bad path', async () => {
    // customerId may be left out: it defaults to the caller.
    const { status, json } = await post('/api/commands/orders/PlaceOrder', { ...body(), data: { storeId: '', items: [] } }, await bearer());
    expect(status).toBe(400);
    expect(json.error.code).toBe('INVALID_COMMAND');
    expect(json.error.details.map((issue: { path: string }) => issue.path).sort()).toEqual(['data.currency', 'data.items', 'data.storeId']);
  });

  it('with ?wait=outcome answers 200 with the outcome', async () => {
    const command = body();
    const before = await recordCount(gw.admin, gw.topic('orders', 'commands'));
    const response = post('/api/commands/orders/PlaceOrder?wait=outcome', command, await bearer());
    // The request is held until the outcome; produce it once the command is in Kafka.
    while ((await recordCount(gw.admin, gw.topic('orders', 'commands'))) === before) await new Promise((resolve) => setTimeout(resolve, 20));
    valid += 1;
    await produceOutcome(gw.kafka, gw.topic('orders', 'outcomes'), { commandId: command.id, aggregateId: command.key, status: 'REJECTED', reason: 'store closed', events: [] });
    expect(await response).toEqual({ status: 200, json: { op: 'outcome', id: command.id, status: 'rejected', reason: 'store closed' } });
  });

  it('with ?wait=outcome answers 504 UNAVAILABLE when no outcome comes in time', async () => {
    const { status, json } = await post('/api/commands/orders/PlaceOrder?wait=outcome', body(), await bearer());
    valid += 1;
    expect(status).toBe(504);
    expect(json.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/no outcome within 1500 ms/) });
  });

  it('wrote only the valid commands', async () => {
    expect(await recordCount(gw.admin, gw.topic('orders', 'commands'))).toBe(valid);
  });
});
