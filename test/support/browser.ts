/**
 * A headless Chromium for browser tests, driven by playwright-core (which downloads no
 * browser of its own): the system's chromium when there is one, otherwise the Chromium that
 * the `@sparticuz/chromium` npm package ships inside itself (unpacked to the temp directory on
 * first use). Either way the test runs: a missing system browser is never a reason to skip.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** No sandbox (tests run as root in CI) and nothing that talks to the network on its own. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'];

/** A real locale: under LANG=C.UTF-8 (CI, containers) Chromium reports "en-US@posix", which Intl.NumberFormat (and so the chart) rejects. */
const LOCALE_ENV = { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };

/**
 * The packaged build's flags are made for one page per serverless call. Dropped: those that make
 * the page less like a user's browser (same-origin checks stay on), and --single-process, with
 * which closing one page closes the whole browser.
 */
const UNWANTED_PACKAGED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface BrowserChoice {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** "system" or "@sparticuz/chromium", for the test's log. */
  readonly source: string;
}

export async function chooseChromium(): Promise<BrowserChoice> {
  const system = SYSTEM_CHROMIUM.find(isExecutable);
  if (system !== undefined) return { executablePath: system, args: FLAGS, source: 'system' };
  const packaged = await packagedChromium();
  const args = [...packaged.args.filter((arg) => !UNWANTED_PACKAGED_FLAGS.has(arg) && !arg.startsWith('--headless')), ...FLAGS];
  return { executablePath: packaged.executablePath, args, source: '@sparticuz/chromium' };
}

/**
 * Unpacks the packaged browser and reads its flags in a Node process of its own: the package
 * is an ES module, which jest's module loader cannot load on Node 20.
 */
async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const script = "const { default: c } = await import('@sparticuz/chromium'); process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args }));";
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], { cwd: ROOT, timeout: 120_000 });
  return JSON.parse(stdout) as { executablePath: string; args: string[] };
}

export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  return chromium.launch({ executablePath: choice.executablePath, args: [...choice.args], env: { ...process.env, ...LOCALE_ENV } });
}
