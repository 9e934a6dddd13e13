// Headless Chromium (Debian's package) on the web app, for the browser tests of the React app (served
// at /): the built app (scripts/build-web.js builds it when stale), a fresh profile, every
// request leaving loopback refused and recorded, console errors and page errors recorded as problems.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_APP_PATH } from '../../../server/app';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.VANBAN_SCREENSHOT_DIR ?? os.tmpdir();
/** Where the server serves the React app. */
export const WEB_APP = WEB_APP_PATH;

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Builds dist/web when missing or older than web/ (fails the test run when the build fails). */
export function ensureWebBuild(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface WebBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Outbound requests, console errors (other than expected API refusals) and page errors. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openWebBrowser(
  options: { viewport?: { width: number; height: number }; expectedStatuses?: RegExp } = {},
): Promise<WebBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  ensureWebBuild();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'vi-VN',
    // Not Vietnam's zone: the pages must show Vietnam's time whatever the browser's.
    timezoneId: 'Europe/Paris',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const problems = await recordPageProblems(context, page, options.expectedStatuses ?? /status of (401)/);
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The problems a browser test fails on, recorded as they happen: a request leaving loopback (refused), a
 * console error other than the expected API answers (`expectedStatuses` matches their "status of …" text),
 * a page error, and a 5xx answer (its method, path and error code).
 */
export async function recordPageProblems(
  context: BrowserContext,
  page: Page,
  expectedStatuses: RegExp,
): Promise<string[]> {
  const problems: string[] = [];
  // Anything leaving loopback is a defect (and blocked in tests anyway). The browser's own PDF viewer
  // (chrome-extension://, chrome://) is part of the browser, not a request leaving the machine.
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]|chrome-extension:\/\/|chrome:\/\/)/, (route) => {
    problems.push(`outbound request: ${route.request().url()}`);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectedStatuses.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // A server fault names its request and code (the console line alone does not say which request).
  page.on('response', (r) => {
    if (r.status() < 500) return;
    const at = `${r.request().method()} ${new URL(r.url()).pathname}`;
    problems.push(`HTTP ${r.status()} ${at}`);
    void r
      .json()
      .then((b: { code?: string }) => problems.push(`HTTP ${r.status()} ${at}: ${b.code ?? '?'}`))
      .catch(() => undefined);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}
