/** The dashboard's routes: the page skeleton loads the two bundles the build writes, which are served from its output folder (unbuilt, GET / says so); the favicon; the chart's empty state. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { OPS_PAGE_ASSET_PATH, PAGE_ASSET_PATH, SDK_ASSET_PATH } from '../../../client/tools/build';
import { createDashboardRouter } from '../../../gateway/dashboard';

async function serve<T>(modulesDir: string, run: (base: string) => Promise<T>): Promise<T> {
  const app = express().use(createDashboardRouter({ modulesDir }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('dashboard router', () => {
  let modulesDir: string;
  beforeEach(() => (modulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-assets-'))));
  afterEach(() => fs.rmSync(modulesDir, { recursive: true, force: true }));

  it('serves the page, which loads the page bundle and the SDK bundle from where the build writes them', async () => {
    for (const [asset, body] of [[PAGE_ASSET_PATH, 'export const page = 1;'], [SDK_ASSET_PATH, 'export const sdk = 1;']] as const) {
      const file = path.join(modulesDir, asset.replace('/assets/', ''));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, body);
    }
    await serve(modulesDir, async (base) => {
      const page = await (await fetch(`${base}/`)).text();
      expect(page).toContain(`<script type="module" src="${PAGE_ASSET_PATH}"></script>`);
      expect(page).toContain(`<link rel="modulepreload" href="${SDK_ASSET_PATH}">`);
      const sdk = await fetch(`${base}${SDK_ASSET_PATH}`);
      expect(sdk.headers.get('content-type')).toMatch(/javascript/);
      expect(await sdk.text()).toBe('export const sdk = 1;');
      expect(await (await fetch(`${base}${PAGE_ASSET_PATH}`)).text()).toBe('export const page = 1;');
    });
  });

  it('serves the operations page at /ops, which loads its own bundle', async () => {
    const file = path.join(modulesDir, OPS_PAGE_ASSET_PATH.replace('/assets/', ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'export const ops = 1;');
    await serve(modulesDir, async (base) => {
      const page = await (await fetch(`${base}/ops`)).text();
      expect(page).toContain(`<script type="module" src="${OPS_PAGE_ASSET_PATH}"></script>`);
      expect(await (await fetch(`${base}${OPS_PAGE_ASSET_PATH}`)).text()).toBe('export const ops = 1;');
      // The sales page's bundle is not built here: / says so, /ops does not need it.
      expect((await fetch(`${base}/`)).status).toBe(503);
    });
  });

  it('answers 503 saying to build when the bundles are missing', async () => {
    await serve(modulesDir, async (base) => {
      const response = await fetch(`${base}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
    });
  });

  it('serves /favicon.ico as an icon', async () => {
    const { status, type, body } = await serve(modulesDir, async (base) => {
      const response = await fetch(`${base}/favicon.ico`);
      return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
    });
    expect(status).toBe(200);
    expect(type).toMatch(/^image\//);
    expect(body.equals(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'gateway', 'dashboard', 'static', 'favicon.ico')))).toBe(true);
    // ICO header: reserved 0, type 1 (icon), at least one image.
    expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4) > 0]).toEqual([0, 1, true]);
  });

  it('links the icon from the page, and says "no data yet" where the chart has nothing to draw', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'gateway', 'dashboard', 'static', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="icon" href="/favicon.ico">');
    expect(page).toMatch(/data-testid="revenue-chart-empty">no data yet</);
  });
});
