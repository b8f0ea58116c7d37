import path from 'node:path';

/** The checkout (or installed package) root: one directory up from infra/, two from dist/infra/. */
export const REPO_ROOT = path.resolve(__dirname, '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

/** The local stack's data directory for EVENTLINE_DATA_DIR (config.dataDir): relative to the checkout, wherever the command runs. */
export function localDataDir(dataDirSetting: string): string {
  return path.resolve(REPO_ROOT, dataDirSetting);
}
