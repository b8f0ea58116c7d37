/**
 * The Python environment of the interoperability test: a virtualenv with the pinned packages
 * of test/interop/requirements.txt, made on first use from the package registry (pip) in
 * `.eventline/cache/` (gitignored) and reused while the requirements and the Python version
 * stay the same. A machine without it gets one; the test never skips for want of it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const REQUIREMENTS = path.join(ROOT, 'test', 'interop', 'requirements.txt');
const CACHE = path.join(ROOT, '.eventline', 'cache');
const SYSTEM_PYTHON = 'python3';

async function output(command: string, args: string[], what: string, remedy: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    return stdout + stderr;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const detail = (stderr ?? '').trim().split('\n').pop() || message;
    throw new Error(`${what} failed (${detail}): ${remedy}`);
  }
}

/** The interpreter of the interop virtualenv, made first if needed. */
export async function interopPython(): Promise<string> {
  const version = (await output(SYSTEM_PYTHON, ['-c', 'import sys; assert sys.version_info >= (3, 9), "Python 3.9+ is needed"; print(sys.version)'], 'python3', 'install Python 3.9 or later with pip and venv')).trim();
  const key = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).update(version).digest('hex').slice(0, 12);
  const venv = path.join(CACHE, `interop-venv-${key}`);
  const python = path.join(venv, 'bin', 'python');
  if (fs.existsSync(python)) return python;

  // Made beside its final place and renamed: a venv directory that exists is complete.
  fs.mkdirSync(CACHE, { recursive: true });
  const partial = fs.mkdtempSync(`${venv}.partial-`);
  try {
    await output(SYSTEM_PYTHON, ['-m', 'venv', partial], 'python3 -m venv', 'install Python’s venv module (Debian: python3-venv)');
    const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS];
    await output(path.join(partial, 'bin', 'python'), pip, `pip install -r ${path.relative(ROOT, REQUIREMENTS)}`, 'check that pip reaches its package index');
    fs.renameSync(partial, venv);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return python;
}
