/**
 * The machine a result was measured on. Figures are only comparable on the same machine,
 * so every result file carries this; the load average shows whether it was quiet.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../infra/repo-root';

const execFileAsync = promisify(execFile);

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly ramGiB: number;
  readonly os: string;
  readonly node: string;
  readonly java: string;
  /** The version infra/pom.xml resolves; an external cluster (KAFKA_BROKERS) may run another. */
  readonly kafka: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAverage: readonly number[];
}

async function javaVersion(): Promise<string> {
  try {
    // `java -version` writes to stderr, e.g. `openjdk version "17.0.15" 2025-04-15`.
    const { stderr } = await execFileAsync('java', ['-version']);
    return stderr.split('\n')[0]?.trim() ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function kafkaVersion(): string {
  const pom = fs.readFileSync(path.join(REPO_ROOT, 'infra', 'pom.xml'), 'utf8');
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
}

export async function describeMachine(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java: await javaVersion(),
    kafka: kafkaVersion(),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}
