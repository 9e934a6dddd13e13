/**
 * The web app's weight and first load (issue 8 targets: main bundle ≤ 250 KB gzip, first page usable
 * in < 1 s from a cold browser cache):
 *
 *   npx ts-node --transpile-only bench/web.ts [--rounds 7]
 *
 * 1. Bundle: the JavaScript and CSS that index.html loads up front (dist/web, built first when stale),
 *    raw and gzip (level 9, what a compressing proxy sends).
 * 2. First usable: headless Debian Chromium, a new browser context per round (empty cache, no
 *    service worker), from navigation start at / to the login form's username field being visible and
 *    enabled (React rendered, GET /api/me answered), median of --rounds. The server runs in a child
 *    process (bench/web-server.ts) with production caching.
 * The peer it replaced, the untyped shell (server/web, removed with issue 8), was measured by this
 * bench while both lived: docs/benchmarks.md keeps those figures.
 * Results: a table on stdout and bench/out/web.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { startServer, stopServer } from './child-server';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 7) || 7;

interface Weight {
  readonly files: number;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

function weigh(files: string[]): Weight {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const bytes = fs.readFileSync(f);
    rawBytes += bytes.length;
    gzipBytes += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, rawBytes, gzipBytes };
}

/** The files index.html loads up front: its script and stylesheet (and their static imports). */
function webAppFiles(kind: 'js' | 'css'): string[] {
  const dir = path.join(ROOT, 'dist', 'web');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const queue = refs.filter((r) => r.endsWith(`.${kind}`));
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    if (kind === 'js') {
      const text = fs.readFileSync(path.join(dir, ref), 'utf8');
      // Static imports of other chunks (dynamic import() chunks load later, only on their pages).
      for (const m of text.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
        queue.push(`assets/${m[1]}`);
    }
  }
  return [...seen].map((r) => path.join(dir, r));
}

async function firstUsable(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ locale: 'vi-VN' });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const field = page.getByLabel('Tên đăng nhập');
  await field.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(() => {
    const input = document.querySelector<HTMLInputElement>('input[name="username"]');
    return !!input && !input.disabled;
  });
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js')], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('web build failed');

  const web = { js: weigh(webAppFiles('js')), css: weigh(webAppFiles('css')) };

  const { url, child } = await startServer('web-server', []);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const times = { web: [] as number[] };
  try {
    // One warm-up (the browser's own start-up), then the rounds.
    await firstUsable(browser, `${url}/`);
    for (let i = 0; i < rounds; i++) times.web.push(await firstUsable(browser, `${url}/`));
  } finally {
    await browser.close();
    await stopServer(child);
  }

  const result = {
    bundle: { web, mainGzipBytes: web.js.gzipBytes, targetGzipBytes: 250 * 1024 },
    firstUsableMs: {
      web: median(times.web),
      rounds,
      samples: times,
      targetMs: 1000,
    },
  };
  console.log('\nweb app (/), this machine');
  console.log(
    `  main bundle (JS loaded up front)   ${kb(web.js.gzipBytes)} gzip (${kb(web.js.rawBytes)} raw, ${web.js.files} file(s))   target ≤ 250 KB: ${web.js.gzipBytes <= 250 * 1024 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  stylesheet                         ${kb(web.css.gzipBytes)} gzip (${kb(web.css.rawBytes)} raw)`,
  );
  console.log(
    `  first usable, cold cache (median)  ${result.firstUsableMs.web.toFixed(0)} ms (min ${Math.min(...times.web).toFixed(0)}, max ${Math.max(...times.web).toFixed(0)}, ${rounds} rounds)   target < 1000 ms: ${result.firstUsableMs.web < 1000 ? 'met' : 'MISSED'}`,
  );
  fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'web.json'), JSON.stringify(result, null, 2));
}

const watchdog = setTimeout(() => {
  console.error('watchdog: still running after 5 min, stopping');
  process.exit(2);
}, 300_000);
watchdog.unref();
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
