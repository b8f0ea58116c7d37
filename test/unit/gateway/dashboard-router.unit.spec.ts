/** The dashboard's static routes, served from an express app on a loopback port (no broker needed). */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createDashboardRouter } from '../../../gateway/dashboard';

describe('dashboard router', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(createDashboardRouter());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves /favicon.ico as an icon', async () => {
    const response = await fetch(`${base}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    const body = Buffer.from(await response.arrayBuffer());
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
