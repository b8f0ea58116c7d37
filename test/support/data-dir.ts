/**
 * A data directory per test file (EVENTLINE_DATA_DIR of the services a test runs: command
 * handler stores, group member records), removed after the file's tests. Services a test
 * restarts find what their predecessor left there, as on one machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | undefined;

afterAll(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

export function testDataDir(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-data-'));
  return dir;
}
