/**
 * The operations page (/ops) in a real browser (test/support/browser.ts provides Chromium)
 * against the real services as processes from dist/: every instance's status, published each
 * second to `eventline.status`, reaches the page through the gateway's `ops.status` stream.
 * The page must list each service ready, the consumers' lag per partition, a dead letter the
 * handler made with its error, and show an instance that was killed as silent. A screenshot
 * goes to test-output/ops/ (docs/operations.md shows one).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { signToken } from '../../gateway/auth';
import { freePort } from '../../infra/ports';
import { createTestDatabase, type TestDatabase } from '../integration/projector/support/database';
import { launchChromium } from '../support/browser';
import { testBrokers } from '../support/env';
import { uniqueName } from '../support/names';
import { logged as loggedWithin, spawnService, TEST_OUTPUT, type ServiceProcess } from '../support/services';

jest.setTimeout(300_000);

const SCREENSHOTS = path.join(TEST_OUTPUT, 'ops');
const STARTUP_MS = 90_000;
const SETTLE_MS = 60_000;

const logged = (service: ServiceProcess, line: string): Promise<void> => loggedWithin(service, line, STARTUP_MS);

describe('the operations page in a browser', () => {
  const secret = randomBytes(32).toString('hex');
  const services: ServiceProcess[] = [];
  const prefix = `${uniqueName('ops')}.`;
  let db: TestDatabase;
  let projector: ServiceProcess;
  let port: number;
  let token: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase('ops_page');
    const env = { TOPIC_PREFIX: prefix, KAFKA_CLIENT_ID: uniqueName('ops'), DATABASE_URL: db.url, TOPIC_PARTITIONS: '2', EVENTLINE_ENV: 'test', JWT_SECRET: secret, HOST: '127.0.0.1' };
    const handler = spawnService('command-handler', env);
    projector = spawnService('projector', env);
    port = await freePort();
    const gateway = spawnService('gateway', { ...env, PORT: String(port) });
    services.push(handler, projector, gateway);
    await Promise.all([logged(handler, 'command handler consuming'), logged(projector, 'projector consuming'), logged(gateway, 'gateway ready')]);
    token = await signToken(secret, { subject: 'operator', scope: '*', roles: ['staff'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 3 * STARTUP_MS);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await db?.drop();
  }, STARTUP_MS);

  const rows = (selector: string, attributes: readonly string[]): Promise<Record<string, string | null>[]> =>
    page.$$eval(selector, (found, names) => found.map((row) => Object.fromEntries(names.map((name) => [name, row.getAttribute(name)]))), attributes);

  it('shows every instance, the lag per partition and the dead letters, live', async () => {
    await page.goto(`http://127.0.0.1:${port}/ops#token=${token}`);
    await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: STARTUP_MS });
    for (const service of ['gateway', 'command-handler', 'projector']) {
      await page.waitForSelector(`[data-testid="instance"][data-service="${service}"][data-ready="true"]`, { timeout: SETTLE_MS });
    }
    // The page's own socket, counted by the gateway it is connected to.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="instance"][data-service="gateway"] [data-testid="sockets"]')?.textContent) >= 1, undefined, { timeout: SETTLE_MS });
    // Every consumer's partitions (2 per topic) have a lag row; the pipeline is idle, so all are 0.
    await page.waitForFunction(() => ['command-handler', 'projector', 'gateway-fanout'].every((consumer) => document.querySelectorAll(`[data-testid="lag-row"][data-consumer="${consumer}"]`).length > 0), undefined, { timeout: SETTLE_MS });
    expect((await rows('[data-testid="lag-row"]', ['data-lag'])).every((row) => row['data-lag'] === '0')).toBe(true);

    // A command record nobody can decode: the handler dead-letters it, and the page says so with the error.
    const kafka = new Kafka({ brokers: testBrokers(), clientId: 'ops-e2e', logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: `${prefix}orders.commands`, messages: [{ key: 'order-x', value: Buffer.from('not avro') }] });
    await producer.disconnect();
    await page.waitForSelector(`[data-testid="dead-letter"][data-topic="${prefix}orders.commands"]`, { timeout: SETTLE_MS });
    expect(await page.textContent(`[data-testid="dead-letter"][data-topic="${prefix}orders.commands"]`)).toMatch(/1/);
    expect(await page.isVisible('[data-testid="dead-letters-none"]')).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ops.png'), fullPage: true });

    // A killed projector leaves no tombstone: the page shows it silent (then the board drops it).
    await projector.kill('SIGKILL');
    await page.waitForSelector('[data-testid="instance"][data-service="projector"].stale', { timeout: SETTLE_MS });
    await page.waitForSelector('[data-testid="instance"][data-service="projector"]', { state: 'detached', timeout: SETTLE_MS });
    expect(await page.isVisible('[data-testid="instance"][data-service="command-handler"][data-ready="true"]')).toBe(true);
  });
});
