/**
 * Builds the client SDK as a package and the dashboard's browser bundles (esbuild; the
 * declarations with dts-bundle-generator), after `tsc` has type-checked both:
 *
 *   client/dist/index.mjs, index.cjs          the SDK as one ES module / one CommonJS module (Node, bundlers)
 *   client/dist/index.d.mts, index.d.cts      its declarations, one self-contained file for each
 *   client/dist/eventline-client.browser.js   one minified ES module for browsers (+ .map)
 *   dist/dashboard-assets/client/eventline-client.js    that browser bundle, served at /assets/client/
 *   dist/dashboard-assets/dashboard/main.js   the dashboard page in one module; it imports the SDK bundle
 *
 * and prints the sizes (bytes, and gzipped as a server would send them).
 *
 * Usage: node dist/client/tools/build.js   (npm run build runs it)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** The repository root, from client/tools/ or dist/client/tools/. */
const ROOT = [path.resolve(__dirname, '..', '..'), path.resolve(__dirname, '..', '..', '..')].find((dir) => {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'eventline';
  } catch {
    return false;
  }
}) as string;

const CLIENT_DIR = path.join(ROOT, 'client');
const PACKAGE_DIST = path.join(CLIENT_DIR, 'dist');
const ASSETS_DIR = path.join(ROOT, 'dist', 'dashboard-assets');
const ENTRY = path.join(CLIENT_DIR, 'index.ts');
const BROWSER_FILE = 'eventline-client.browser.js';

/** Where the gateway serves the SDK bundle (gateway/dashboard/router.ts): the page imports it from there. */
export const SDK_ASSET_PATH = '/assets/client/eventline-client.js';
export const PAGE_ASSET_PATH = '/assets/dashboard/main.js';
export const OPS_PAGE_ASSET_PATH = '/assets/dashboard/ops.js';

/** ES2022: what every browser with ES modules and WebSocket has had since 2021, and Node 20. */
const COMMON: BuildOptions = { bundle: true, target: 'es2022', logLevel: 'warning', legalComments: 'none' };

/** keepNames: minified, error classes would lose the names their `name` reports (ServerError). */
const BROWSER: BuildOptions = { ...COMMON, format: 'esm', platform: 'browser', minify: true, keepNames: true, sourcemap: 'linked' };

/** The page imports the SDK by its source path (for the type checker); in the bundle it loads the SDK's own bundle instead of a second copy. */
const sdkFromItsBundle: Plugin = {
  name: 'sdk-from-its-bundle',
  setup(plugin) {
    plugin.onResolve({ filter: /\/client\/index\.js$/ }, () => ({ path: SDK_ASSET_PATH, external: true }));
  },
};

export interface BuiltFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export async function buildClient(): Promise<BuiltFile[]> {
  // Both are this build's alone: nothing stale (e.g. modules of an older layout) stays to be served.
  for (const dir of [PACKAGE_DIST, ASSETS_DIR]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(PACKAGE_DIST, { recursive: true });
  await Promise.all([
    build({ ...COMMON, entryPoints: [ENTRY], format: 'esm', platform: 'neutral', outfile: path.join(PACKAGE_DIST, 'index.mjs') }),
    build({ ...COMMON, entryPoints: [ENTRY], format: 'cjs', platform: 'node', outfile: path.join(PACKAGE_DIST, 'index.cjs') }),
    build({ ...BROWSER, entryPoints: [ENTRY], outfile: path.join(PACKAGE_DIST, BROWSER_FILE) }),
    build({ ...BROWSER, entryPoints: [ENTRY], outfile: path.join(ASSETS_DIR, SDK_ASSET_PATH.replace('/assets/', '')) }),
    build({
      ...BROWSER,
      entryPoints: [path.join(ROOT, 'gateway', 'dashboard', 'page', 'main.ts')],
      plugins: [sdkFromItsBundle],
      // uPlot is loaded on demand from its own URL (revenue-chart.ts).
      external: ['/assets/vendor/*'],
      outfile: path.join(ASSETS_DIR, PAGE_ASSET_PATH.replace('/assets/', '')),
    }),
    build({
      ...BROWSER,
      entryPoints: [path.join(ROOT, 'gateway', 'dashboard', 'page', 'ops.ts')],
      plugins: [sdkFromItsBundle],
      outfile: path.join(ASSETS_DIR, OPS_PAGE_ASSET_PATH.replace('/assets/', '')),
    }),
  ]);
  writeDeclarations();
  return [
    path.join(PACKAGE_DIST, 'index.mjs'),
    path.join(PACKAGE_DIST, 'index.cjs'),
    path.join(PACKAGE_DIST, BROWSER_FILE),
    path.join(PACKAGE_DIST, 'index.d.mts'),
    path.join(ASSETS_DIR, PAGE_ASSET_PATH.replace('/assets/', '')),
    path.join(ASSETS_DIR, OPS_PAGE_ASSET_PATH.replace('/assets/', '')),
  ].map(sizeOf);
}

/** One declaration file with every type the SDK exports, for `import` (.d.mts) and `require` (.d.cts) alike: self-contained, so each is right for its module kind. */
function writeDeclarations(): void {
  const [declarations] = generateDtsBundle([{ filePath: ENTRY, output: { noBanner: true, exportReferencedTypes: false } }], {
    preferredConfigPath: path.join(ROOT, 'tsconfig.browser.json'),
  });
  for (const file of ['index.d.mts', 'index.d.cts']) writeFileSync(path.join(PACKAGE_DIST, file), `// The Eventline client SDK's declarations (client/tools/build.ts).\n${declarations}`);
}

function sizeOf(file: string): BuiltFile {
  const content = readFileSync(file);
  return { file: path.relative(ROOT, file), bytes: content.length, gzipBytes: gzipSync(content).length };
}

if (require.main === module) {
  buildClient().then(
    (files) => {
      for (const { file, bytes, gzipBytes } of files) process.stdout.write(`${file}: ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzipped)\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
