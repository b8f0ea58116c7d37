/** How infra learns that a server process ended, a spawn that never started included. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failureLine, watchExit } from '../../../infra/processes';

describe('watchExit', () => {
  it('turns a spawn that fails into an exit with its error, not an unhandled error event', async () => {
    const child = spawn(path.join(os.tmpdir(), 'no-such-binary-eventline'), [], { stdio: 'ignore' });
    const exit = await watchExit(child);
    expect(exit).toMatchObject({ code: null, signal: null, error: expect.objectContaining({ code: 'ENOENT' }) });
    expect(failureLine(exit)).toMatch(/^spawn .*no-such-binary-eventline ENOENT$/);
  });

  it('reports the exit code, or the signal, with the last error line of the log', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-log-')), 'server.log');
    fs.writeFileSync(log, 'starting\nFATAL:  could not bind IPv4 address "127.0.0.1": Address already in use\nshutting down\n');
    const exited = await watchExit(spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' }));
    expect(failureLine(exited, log)).toBe('exit code 3: FATAL:  could not bind IPv4 address "127.0.0.1": Address already in use');
    const killed = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60_000)'], { stdio: 'ignore' });
    killed.kill('SIGKILL');
    expect(failureLine(await watchExit(killed))).toBe('signal SIGKILL');
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  });
});
