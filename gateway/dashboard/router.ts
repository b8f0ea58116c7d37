/**
 * Serves the dashboard: `GET /` (static/index.html), `GET /ops` (static/ops.html, the
 * operations page), `GET /favicon.ico` (browsers ask for it on every site) and the pages'
 * assets under `/assets/`:
 *
 *   /assets/dashboard.css              static/ (this folder's sources, shipped as they are)
 *   /assets/vendor/uPlot.esm.js, .css  the installed uplot package
 *   /assets/client/eventline-client.js the client SDK, one ES module
 *   /assets/dashboard/main.js          the page, one ES module that imports the SDK's
 *                                      (both bundled by client/tools/build.ts into dist/dashboard-assets/)
 *
 * uPlot is served from its installed package rather than copied at build time: it is a
 * runtime dependency, so it is there wherever the gateway runs (the Docker image included),
 * always the installed version, and no copy step can be forgotten or go stale.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';

export interface DashboardOptions {
  /** Where client/tools/build.ts writes the bundles. Default: dist/dashboard-assets in the package root. */
  readonly modulesDir?: string;
}

const STATIC_DIR = path.join(packageRoot(), 'gateway', 'dashboard', 'static');
const PAGE_ENTRY = path.join('dashboard', 'main.js');
const OPS_PAGE_ENTRY = path.join('dashboard', 'ops.js');
const UPLOT_FILES = ['uPlot.esm.js', 'uPlot.min.css'] as const;

/** The nearest folder up from here with a package.json: the same from gateway/dashboard/ (tests) and dist/gateway/dashboard/. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** uplot's `main` is dist/uPlot.cjs.js; its ES module and stylesheet sit beside it. */
function uplotDir(): string {
  return path.dirname(require.resolve('uplot'));
}

export function createDashboardRouter(options: DashboardOptions = {}): Router {
  const modulesDir = options.modulesDir ?? path.join(packageRoot(), 'dist', 'dashboard-assets');
  const vendorDir = uplotDir();
  const router = Router();

  const page = (html: string, entry: string) => (_req: unknown, res: Response) => {
    // A gateway started from sources without `npm run build` would otherwise serve a blank page.
    if (!existsSync(path.join(modulesDir, entry))) {
      res.status(503).type('text/plain').send(`The dashboard's browser modules are not built (${modulesDir} lacks ${entry}): run npm run build.\n`);
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(path.join(STATIC_DIR, html));
  };
  router.get('/', page('index.html', PAGE_ENTRY));
  router.get('/ops', page('ops.html', OPS_PAGE_ENTRY));
  router.get('/favicon.ico', (_req, res: Response) => res.set('Cache-Control', 'public, max-age=86400').sendFile(path.join(STATIC_DIR, 'favicon.ico')));
  for (const file of UPLOT_FILES) router.get(`/assets/vendor/${file}`, (_req, res: Response) => res.sendFile(path.join(vendorDir, file)));
  router.use('/assets', express.static(STATIC_DIR, { index: false }), express.static(modulesDir, { index: false }));
  return router;
}
