/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core) against the
 * real stack: command handler, projector and two gateways as processes from dist/, on fresh
 * topics and a fresh database. Commands go in through the HTTP API (and the page's own chat
 * form); the page must show the exact figures the projection yields. Then the page's gateway
 * is SIGKILLed and, while it is down, more commands go in through the other gateway; once it
 * is back the page must have caught up, with no message missing or shown twice. A Node SDK
 * client follows the same streams through the same restart and checks the versions
 * themselves: chat events 1..n with no gap or repeat, and the view caught up with the stored row.
 *
 * The browser is the system's chromium, or else the one the @sparticuz/chromium npm package
 * ships (test/support/browser.ts). Screenshots go to test-output/dashboard/.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { EventlineClient } from '../../client';
import { signToken } from '../../gateway/auth';
import { freePort } from '../../infra/ports';
import { createTestDatabase, type TestDatabase } from '../integration/projector/support/database';
import { launchChromium } from '../support/browser';
import { waitFor } from '../support/kafka';
import { uniqueName } from '../support/names';
import { logged as loggedWithin, spawnService, TEST_OUTPUT, type ServiceProcess } from '../support/services';

jest.setTimeout(300_000);

const SCREENSHOTS = path.join(TEST_OUTPUT, 'dashboard');
/** Process start-up (topics, migrations, consumer group joins) and projection take seconds. */
const STARTUP_MS = 90_000;
const SETTLE_MS = 60_000;

const logged = (service: ServiceProcess, line: string): Promise<void> => loggedWithin(service, line, STARTUP_MS);

const STORE_1 = 'store-1';
const STORE_2 = 'store-2';
const ROOM = 'e2e-room';

type Kpis = Record<'ordersPlaced' | 'ordersPaid' | 'ordersShipped' | 'ordersCancelled' | 'openOrders' | 'netRevenue-EUR', number>;

/** What a card shows; every order of this test is in EUR, so the card's one net revenue line is EUR's. */
function kpis(placed: number, paid: number, shipped: number, cancelled: number, netEurCents: number): Kpis {
  return { ordersPlaced: placed, ordersPaid: paid, ordersShipped: shipped, ordersCancelled: cancelled, openOrders: placed + paid, 'netRevenue-EUR': netEurCents };
}

/** The KPI values a store card shows (its `data-value`s); undefined fields are not shown yet. */
function cardValues(page: Page, storeId: string): Promise<Partial<Kpis>> {
  return page.evaluate(
    ({ storeId, fields }) => {
      const card = document.querySelector(`[data-testid="store-card"][data-store="${storeId}"]`);
      const values: Record<string, number> = {};
      for (const field of fields) {
        const value = card?.querySelector(`[data-testid="kpi-${field}"]`)?.getAttribute('data-value');
        if (value !== null && value !== undefined) values[field] = Number(value);
      }
      return values;
    },
    { storeId, fields: ['ordersPlaced', 'ordersPaid', 'ordersShipped', 'ordersCancelled', 'openOrders', 'netRevenue-EUR'] },
  );
}

/** Waits for the card to show exactly `expected`; on timeout the assertion shows what it does show. */
async function expectCard(page: Page, storeId: string, expected: Kpis): Promise<void> {
  const shows = (values: Partial<Kpis>): boolean => Object.entries(expected).every(([field, value]) => values[field as keyof Kpis] === value);
  await waitFor(async () => (shows(await cardValues(page, storeId)) ? true : undefined), SETTLE_MS, `${storeId} to show ${JSON.stringify(expected)}`).catch(() => undefined);
  expect(await cardValues(page, storeId)).toEqual(expected);
}

type SkuLevel = { sku: string; available: number; reserved: number; onHand: number };

/** The sku rows a store's stock card shows. */
function stockLevels(page: Page, storeId: string): Promise<SkuLevel[]> {
  return page.$$eval(`[data-testid="stock-card"][data-store="${storeId}"] [data-testid="stock-sku"]`, (rows) =>
    rows.map((row) => ({ sku: row.getAttribute('data-sku') ?? '', available: Number(row.getAttribute('data-available')), reserved: Number(row.getAttribute('data-reserved')), onHand: Number(row.getAttribute('data-on-hand')) })),
  );
}

async function expectStock(page: Page, storeId: string, expected: SkuLevel[]): Promise<void> {
  await page.waitForSelector(`[data-testid="stock-card"][data-store="${storeId}"][data-version]`, { timeout: SETTLE_MS });
  await waitFor(async () => (JSON.stringify(await stockLevels(page, storeId)) === JSON.stringify(expected) ? true : undefined), SETTLE_MS, `${storeId} stock ${JSON.stringify(expected)}`).catch(() => undefined);
  expect(await stockLevels(page, storeId)).toEqual(expected);
}

/** The chat lines the page shows, in order. */
function chatLines(page: Page): Promise<{ seq: number; text: string }[]> {
  return page.$$eval('[data-testid="chat-message"]', (items) =>
    items.map((item) => ({ seq: Number(item.getAttribute('data-seq')), text: item.querySelector('[data-testid="chat-message-text"]')?.textContent ?? '' })),
  );
}

async function expectChat(page: Page, texts: string[]): Promise<void> {
  const expected = texts.map((text, index) => ({ seq: index + 1, text }));
  await waitFor(async () => (JSON.stringify(await chatLines(page)) === JSON.stringify(expected) ? true : undefined), SETTLE_MS, `chat ${JSON.stringify(texts)}`).catch(() => undefined);
  expect(await chatLines(page)).toEqual(expected);
}

async function postFromPage(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="chat-input"]', text);
  await page.click('[data-testid="chat-send"]');
}

async function connectionState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`[data-testid="connection-state"][data-state="${state}"]`, { timeout: STARTUP_MS });
}

describe('dashboard in a browser', () => {
  const secret = randomBytes(32).toString('hex');
  const services: ServiceProcess[] = [];
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let pagePort: number;
  let apiUrl: string;
  let token: string;
  let pageGateway: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let watcher: EventlineClient;
  const chatVersions: number[] = [];
  const viewVersions: number[] = [];
  const watcherErrors: unknown[] = [];
  const onError = (error: unknown): void => void watcherErrors.push(error);

  async function startGateway(port: number): Promise<ServiceProcess> {
    const gateway = spawnService('gateway', { ...env, PORT: String(port) });
    services.push(gateway);
    await logged(gateway, 'gateway ready');
    return gateway;
  }

  /** Runs a command through the HTTP API and checks its outcome. A 504 (the handler still joining its group) is retried with the same id: decided once. */
  async function command(domain: string, name: string, key: string, data: unknown, status: 'accepted' | 'rejected' = 'accepted'): Promise<void> {
    const id = randomUUID();
    const outcome = await waitFor(
      async () => {
        const response = await fetch(`${apiUrl}/api/commands/${domain}/${name}?wait=outcome`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, key, data }),
        });
        if (response.status === 504) return undefined;
        return { status: response.status, body: (await response.json()) as { status?: string } };
      },
      STARTUP_MS,
      `the outcome of ${name} ${key}`,
    );
    expect(outcome).toMatchObject({ status: 200, body: { status } });
  }

  const place = (orderId: string, storeId: string, qty: number, priceCents: number): Promise<void> =>
    command('orders', 'PlaceOrder', orderId, { storeId, customerId: 'customer-1', items: [{ sku: 'sku-1', qty, priceCents }], currency: 'EUR' });
  const pay = (orderId: string, amountCents: number): Promise<void> => command('orders', 'PayOrder', orderId, { amountCents });
  const ship = (orderId: string): Promise<void> => command('orders', 'ShipOrder', orderId, { carrier: 'DHL', trackingNumber: null });
  const cancel = (orderId: string): Promise<void> => command('orders', 'CancelOrder', orderId, { reason: 'changed mind' });

  beforeAll(async () => {
    db = await createTestDatabase('dashboard');
    env = {
      TOPIC_PREFIX: `${uniqueName('dash')}.`,
      KAFKA_CLIENT_ID: uniqueName('dash'),
      DATABASE_URL: db.url,
      TOPIC_PARTITIONS: '3',
      EVENTLINE_ENV: 'test',
      JWT_SECRET: secret,
      HOST: '127.0.0.1',
    };
    const handler = spawnService('command-handler', env);
    const projector = spawnService('projector', env);
    services.push(handler, projector);
    await Promise.all([logged(handler, 'command handler consuming'), logged(projector, 'projector consuming')]);
    pagePort = await freePort();
    const apiPort = await freePort();
    [pageGateway] = await Promise.all([startGateway(pagePort), startGateway(apiPort)]);
    apiUrl = `http://127.0.0.1:${apiPort}`;
    // Staff: the page shows store figures, and orders are placed for a customer.
    token = await signToken(secret, { subject: 'e2e-user', scope: '*', roles: ['staff'] });

    watcher = new EventlineClient({ url: `ws://127.0.0.1:${pagePort}/ws`, token, WebSocket, reconnectMaxDelayMs: 1_000 });
    watcher.subscribe('views.store_stats', STORE_1, { onSnapshot: ({ version }) => void viewVersions.push(version), onEvent: ({ version }) => void viewVersions.push(version), onError });
    await watcher.connect();

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 4 * STARTUP_MS);

  afterAll(async () => {
    watcher?.close();
    await browser?.close();
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await db?.drop();
  }, STARTUP_MS);

  it('shows each store’s figures and keeps them exact as orders move', async () => {
    // Before any order: the chart says so, rather than showing a legend of empty values.
    const empty = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await empty.goto(`http://127.0.0.1:${pagePort}/?stores=${STORE_2}&room=${ROOM}#token=${token}`);
    await connectionState(empty, 'connected');
    await empty.waitForSelector('[data-testid="revenue-chart"][data-empty="true"]', { timeout: SETTLE_MS });
    expect([await empty.isVisible('[data-testid="revenue-chart-empty"]'), await empty.isVisible('.u-legend')]).toEqual([true, false]);
    await empty.close();

    // A store with a row before the page opens (its snapshot), and one that gets its first order later.
    await place('order-1', STORE_1, 2, 1_250);
    await pay('order-1', 2_500);
    // The token reaches the gateway in the socket's subprotocols, never in a URL (the page's is a fragment).
    const socketUrls: string[] = [];
    page.on('websocket', (socket) => void socketUrls.push(socket.url()));
    await page.goto(`http://127.0.0.1:${pagePort}/?stores=${STORE_1},${STORE_2}&room=${ROOM}#token=${token}`);
    await connectionState(page, 'connected');
    expect(page.url()).not.toContain('token');
    expect(socketUrls).toEqual([`ws://127.0.0.1:${pagePort}/ws`]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('token=')))).toBe(false);
    await expectCard(page, STORE_1, kpis(0, 1, 0, 0, 2_500));

    await place('order-2', STORE_1, 1, 999);
    await place('order-3', STORE_2, 3, 700);
    await pay('order-3', 2_100);
    await ship('order-3');
    await place('order-4', STORE_2, 1, 500);
    await pay('order-4', 500);
    await cancel('order-4');
    await place('order-5', STORE_2, 1, 300);
    await command('orders', 'ShipOrder', 'order-2', { carrier: 'DHL', trackingNumber: null }, 'rejected');

    await expectCard(page, STORE_1, kpis(1, 1, 0, 0, 2_500));
    await expectCard(page, STORE_2, kpis(1, 0, 1, 1, 2_100));

    // The stock card follows views.stock_levels: receipts show live, per sku.
    await command('inventory', 'ReceiveStock', STORE_1, { sku: 'sku-1', qty: 7 });
    await command('inventory', 'ReceiveStock', STORE_1, { sku: 'sku-1', qty: 5 });
    await command('inventory', 'ReceiveStock', STORE_1, { sku: 'sku-2', qty: 1 });
    await expectStock(page, STORE_1, [{ sku: 'sku-1', available: 12, reserved: 0, onHand: 12 }, { sku: 'sku-2', available: 1, reserved: 0, onHand: 1 }]);
    await expectStock(page, STORE_2, []);
    expect(await page.textContent(`[data-store="${STORE_2}"] [data-testid="kpi-netRevenue-EUR"]`)).toMatch(/^21[.,]00 EUR$/);
    await page.waitForSelector('[data-testid="revenue-chart"][data-empty="false"]', { timeout: SETTLE_MS });
    expect([await page.isVisible('[data-testid="revenue-chart-empty"]'), await page.isVisible('.u-legend')]).toEqual([false, true]);
    // Its log (audit lines included: the page's subscriptions) never holds the token.
    expect(fs.readFileSync(pageGateway.logFile, 'utf8')).toContain('"audit":"subscription.granted"');
    expect(fs.readFileSync(pageGateway.logFile, 'utf8')).not.toContain(token);
  });

  it('follows the chat room, posts to it, and shows rejections and invalid commands', async () => {
    await page.waitForSelector('[data-testid="chat-room-missing"]:not([hidden])');
    await postFromPage(page, 'too early');
    await page.waitForSelector('[data-testid="command-error"][data-code="REJECTED"]');
    expect(await page.textContent('[data-testid="command-error"]')).toContain('room does not exist');

    await page.click('[data-testid="chat-create-room"]');
    await page.waitForSelector('[data-testid="chat-room-missing"]', { state: 'hidden' });
    // A room can be followed once it exists (and is projected: the page's create waits for that).
    watcher.subscribe('chat.events', ROOM, { onEvent: ({ version }) => void chatVersions.push(version), onError }, { fromVersion: 0 });
    await postFromPage(page, 'first');
    await expectChat(page, ['first']);
    await postFromPage(page, 'x'.repeat(4_001));
    await page.waitForSelector('[data-testid="command-error"][data-code="INVALID_COMMAND"]');
    expect(await page.textContent('[data-testid="command-error-detail"]')).toContain('text');
    await postFromPage(page, 'second');
    await expectChat(page, ['first', 'second']);
    await page.waitForSelector('[data-testid="command-error"]', { state: 'hidden' });
  });

  it('reconnects after its gateway is killed and catches up with what happened meanwhile, without gaps or repeats', async () => {
    await pageGateway.kill('SIGKILL');
    await connectionState(page, 'connecting');

    // While the page is cut off: through the other gateway.
    await pay('order-2', 999);
    await place('order-6', STORE_2, 1, 400);
    await command('chat', 'PostMessage', ROOM, { messageId: randomUUID(), text: 'while you were away' });
    // Projected (so published to the views) before the page is back.
    await waitFor(
      async () => {
        const response = await fetch(`${apiUrl}/api/chat/rooms/${ROOM}`, { headers: { authorization: `Bearer ${token}` } });
        return response.ok && ((await response.json()) as { lastSeq: number }).lastSeq === 3 ? true : undefined;
      },
      SETTLE_MS,
      'the third message in the rooms read model',
    );

    pageGateway = await startGateway(pagePort);
    await connectionState(page, 'connected');
    await expectCard(page, STORE_1, kpis(0, 2, 0, 0, 3_499));
    await expectCard(page, STORE_2, kpis(2, 0, 1, 1, 2_100));
    await expectChat(page, ['first', 'second', 'while you were away']);

    // Live again after the resume.
    await ship('order-2');
    await postFromPage(page, 'back');
    await expectCard(page, STORE_1, kpis(0, 1, 1, 0, 3_499));
    await expectChat(page, ['first', 'second', 'while you were away', 'back']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-desktop.png'), fullPage: true });

    // The SDK underneath, through the same restart: RoomCreated and the four posts, none
    // missing (the SDK itself drops repeats); the view caught up with the stored row.
    await waitFor(async () => (chatVersions.length >= 5 ? true : undefined), SETTLE_MS, 'five chat events at the watcher').catch(() => undefined);
    expect(chatVersions).toEqual([1, 2, 3, 4, 5]);
    const row = (await (await fetch(`${apiUrl}/api/stores/${STORE_1}/stats`, { headers: { authorization: `Bearer ${token}` } })).json()) as { version: number };
    await waitFor(async () => (viewVersions.at(-1) === row.version ? true : undefined), SETTLE_MS, `view version ${row.version} at the watcher (has ${viewVersions.join(', ')})`);
    expect(watcherErrors).toEqual([]);
  });

  it('fits a phone screen, history and figures included', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(`http://127.0.0.1:${pagePort}/?stores=${STORE_1},${STORE_2}&room=${ROOM}#token=${token}`);
      await connectionState(phone, 'connected');
      await expectCard(phone, STORE_1, kpis(0, 1, 1, 0, 3_499));
      await expectCard(phone, STORE_2, kpis(2, 0, 1, 1, 2_100));
      // Read from the messages read model, then followed live from the room's version.
      await expectChat(phone, ['first', 'second', 'while you were away', 'back']);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
