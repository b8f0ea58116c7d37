/**
 * The gateway's audit log (AUDIT_LOG, docs/operations.md#audit-log): one line per
 * security-relevant event, with who, from where, what and why — refused credentials on the
 * upgrade and over HTTP, a connection cap, commands forbidden, accepted and rejected,
 * subscriptions granted and denied, a token renewed, refused and expired. Outcomes are
 * produced here as the command handler would write them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '../../../platform/audit';
import { START_TIMEOUT_MS, placeOrder, produceOutcome, refusedUpgrade, TestClient } from './harness';
import { startLiveWorld, type LiveWorld } from './live-world';

type AuditLine = Record<string, unknown> & { audit: AuditEvent };

describe('audit log', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-audit-'));
  const file = path.join(dir, 'audit.log');
  let world: LiveWorld;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    world = await startLiveWorld('audit', { services: false, env: { AUDIT_LOG: file, WS_MAX_CONNECTIONS_PER_USER: '2' } });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const client of clients) client.close();
    await world?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, START_TIMEOUT_MS);

  const lines = (): AuditLine[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditLine) : []);
  const audited = async (event: AuditEvent, match: Record<string, unknown> = {}): Promise<AuditLine> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = lines().find((line) => line.audit === event && Object.entries(match).every(([key, value]) => JSON.stringify(line[key]) === JSON.stringify(value)));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${event} ${JSON.stringify(match)} in ${JSON.stringify(lines())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const open = async (token: string): Promise<TestClient> => {
    const client = await TestClient.open(world.gateway.wsUrl, { headers: { authorization: `Bearer ${token}` } });
    clients.push(client);
    return client;
  };

  it('records refused credentials on the upgrade and over HTTP, with the address and why, never the token', async () => {
    const forged = `${(await world.gateway.token({ subject: 'mallory' })).slice(0, -4)}AAAA`;
    expect((await refusedUpgrade(`${world.gateway.wsUrl}?token=${forged}`)).status).toBe(401);
    expect(await audited('auth.refused', { transport: 'websocket' })).toMatchObject({ remote: expect.stringMatching(/127\.0\.0\.1/), code: 'UNAUTHORIZED', reason: 'token signature is invalid', service: 'gateway' });
    const response = await fetch(`${world.gateway.httpUrl}/api/views/store_stats/store-1`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(await audited('auth.refused', { transport: 'http' })).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token signature is invalid' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain(forged);
  });

  it('records a connection refused by the per-user cap', async () => {
    const token = await world.gateway.token({ subject: 'capped' });
    await open(token);
    await open(token);
    expect((await refusedUpgrade(world.gateway.wsUrl, { headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
    expect(await audited('connection.capped', { user: 'capped' })).toMatchObject({ code: 'RATE_LIMITED', credential: 'header', transport: 'websocket' });
  });

  it('records commands forbidden before Kafka, and the accepted and rejected outcomes of the commands it took', async () => {
    const client = await open(await world.gateway.token({ subject: 'carol', roles: [] }));
    const ship = placeOrder({ name: 'ShipOrder', data: { carrier: 'DHL', trackingNumber: null } });
    client.send(ship);
    expect(await client.reply(ship.id as string)).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect(await audited('command.forbidden', { user: 'carol' })).toMatchObject({
      command: { id: ship.id, domain: 'orders', name: 'ShipOrder', aggregate: ship.key },
      code: 'FORBIDDEN',
      connection: expect.any(String),
      transport: 'websocket',
    });

    const accepted = placeOrder({ data: { storeId: 'store-1', customerId: 'carol', items: [{ sku: 'sku-1', qty: 1, priceCents: 100 }], currency: 'EUR' } });
    const rejected = placeOrder({ data: { storeId: 'store-1', customerId: 'carol', items: [{ sku: 'sku-1', qty: 1, priceCents: 100 }], currency: 'EUR' } });
    for (const command of [accepted, rejected]) {
      client.send(command);
      expect(await client.reply(command.id as string)).toMatchObject({ op: 'ack' });
    }
    const outcomes = world.gateway.topic('orders', 'outcomes');
    const common = { domain: 'orders', commandName: 'PlaceOrder', userId: 'carol' };
    await produceOutcome(world.gateway.kafka, outcomes, { ...common, commandId: accepted.id as string, aggregateId: accepted.key as string, version: 1 });
    await produceOutcome(world.gateway.kafka, outcomes, { ...common, commandId: rejected.id as string, aggregateId: rejected.key as string, status: 'REJECTED', reason: 'order already placed', version: 0, events: [] });
    expect(await audited('command.accepted', { user: 'carol' })).toMatchObject({ command: { id: accepted.id, domain: 'orders', name: 'PlaceOrder', aggregate: accepted.key, version: 1 } });
    expect(await audited('command.rejected', { user: 'carol' })).toMatchObject({ command: { id: rejected.id, aggregate: rejected.key }, reason: 'order already placed' });
  });

  it('records subscriptions granted and denied, and tokens renewed, refused and expired', async () => {
    const staff = await open(await world.gateway.token({ subject: 'dave', roles: ['staff'], expiresIn: '3s' }));
    staff.send({ op: 'subscribe', id: 's1', stream: 'views.store_stats', key: 'store-9' });
    expect(await staff.reply('s1')).toMatchObject({ op: 'subscribed' });
    expect(await audited('subscription.granted', { user: 'dave' })).toMatchObject({ stream: 'views.store_stats', key: 'store-9' });

    const customer = await open(await world.gateway.token({ subject: 'erin', roles: [] }));
    customer.send({ op: 'subscribe', id: 's2', stream: 'views.store_stats', key: 'store-9' });
    expect(await customer.reply('s2')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect(await audited('subscription.denied', { user: 'erin' })).toMatchObject({ stream: 'views.store_stats', key: 'store-9', code: 'FORBIDDEN' });

    customer.send({ op: 'auth', id: 'a1', token: await world.gateway.token({ subject: 'erin', roles: [] }) });
    expect(await customer.reply('a1')).toMatchObject({ op: 'authenticated' });
    expect(await audited('token.renewed', { user: 'erin' })).toMatchObject({ exp: expect.any(Number) });
    customer.send({ op: 'auth', id: 'a2', token: await world.gateway.token({ subject: 'frank' }) });
    expect(await customer.reply('a2')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect(await audited('token.renewal_refused', { user: 'erin' })).toMatchObject({ code: 'FORBIDDEN' });

    // dave's token was good for 3 s: the socket is closed 4001 and the expiry recorded.
    expect((await staff.closed).code).toBe(4001);
    expect(await audited('token.expired', { user: 'dave' })).toMatchObject({ connection: expect.any(String), exp: expect.any(Number) });
  });
});
