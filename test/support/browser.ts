/**
 * A headless Chromium for browser tests, driven by playwright-core (which downloads no
 * browser of its own): the system's chromium when there is one, otherwise the Chromium that
 * the `@sparticuz/chromium` npm package ships inside itself (unpacked to the temp directory on
 * first use). Either way the test runs: a missing system browser is never a reason to skip.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** No sandbox (tests run as root in CI) and nothing that talks to the network on its own. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'];

/** The packaged build's own flags minus those that would make the page less like a user's browser (same-origin checks stay on). */
const UNWANTED_PACKAGED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

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
  const packaged = (await import('@sparticuz/chromium')).default;
  const args = [...packaged.args.filter((arg) => !UNWANTED_PACKAGED_FLAGS.has(arg) && !arg.startsWith('--headless')), ...FLAGS];
  return { executablePath: await packaged.executablePath(), args, source: '@sparticuz/chromium' };
}

export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  return chromium.launch({ executablePath: choice.executablePath, args: [...choice.args] });
}
