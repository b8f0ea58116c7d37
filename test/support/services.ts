/**
 * Runs Eventline processes from dist/ (built by `npm test`'s pretest) as real child
 * processes, so tests can SIGKILL them. Their logs go to test-output/<name>-<n>.log; their
 * data directory is the test file's (data-dir.ts), shared by the services it restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { testDataDir } from './data-dir';
import { waitFor } from './kafka';

const ROOT = path.resolve(__dirname, '..', '..');
export const TEST_OUTPUT = path.join(ROOT, 'test-output');
let started = 0;
const running = new Set<ServiceProcess>();

// A test that fails before stopping its services must not leave them running: they would keep
// jest alive after the run (and load the machine). Registered once per test file that imports this.
afterAll(async () => {
  await Promise.all([...running].map((service) => service.kill('SIGKILL')));
});

export interface ServiceProcess {
  child: ChildProcess;
  logFile: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function spawnService(script: 'gateway' | 'command-handler' | 'projector' | 'workflow', env: NodeJS.ProcessEnv): ServiceProcess {
  const entry = script === 'gateway' ? path.join(ROOT, 'dist', 'gateway', 'main.js') : path.join(ROOT, 'dist', 'services', script, 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does it first)`);
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  started += 1;
  // The counter starts again in every test file a worker runs: the random part keeps a file from
  // being appended to one an earlier file's service wrote (whose lines `logged` would then find).
  const logFile = path.join(TEST_OUTPUT, `${script}-${process.pid}-${started}-${randomBytes(3).toString('hex')}.log`);
  const out = fs.openSync(logFile, 'a');
  // OPS_PORT 0: services of parallel tests each take a free operations port (their log says which).
  const child = spawn(process.execPath, [entry], { env: { ...process.env, LOG_LEVEL: 'info', EVENTLINE_DATA_DIR: testDataDir(), OPS_PORT: '0', ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: ServiceProcess = {
    child,
    logFile,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  running.add(service);
  void exited.then(() => running.delete(service));
  return service;
}

/** Resolves once the service's log has `line` (e.g. "gateway ready"); fails early if it exits. */
export async function logged(service: ServiceProcess, line: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) throw new Error(`${service.logFile}: exited with ${service.child.exitCode} before logging "${line}"`);
      return fs.existsSync(service.logFile) && fs.readFileSync(service.logFile, 'utf8').includes(line) ? true : undefined;
    },
    timeoutMs,
    `"${line}" in ${service.logFile}`,
  );
}

/** For `.catch(...)`: rethrows the error with each service's report (serviceReport) appended. */
export function withReports(...services: readonly ServiceProcess[]): (error: unknown) => never {
  return (error) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${services.map((service) => serviceReport(service)).join('\n')}`);
  };
}

/** Whether the service still runs, and the last lines it logged. */
function serviceReport(service: ServiceProcess, lines = 40): string {
  const { exitCode, signalCode } = service.child;
  const state = exitCode === null && signalCode === null ? 'running' : `exited (${exitCode ?? signalCode})`;
  const log = fs.existsSync(service.logFile) ? fs.readFileSync(service.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
  return `${service.logFile}: ${state}; last lines:\n${log}`;
}
