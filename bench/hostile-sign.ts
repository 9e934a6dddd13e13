/**
 * Hostile signing input benchmark (issue 10 item 5): other users' requests while four copies of a small
 * hostile PDF are signed at once. The file (367 KB: catalog, page tree and page in object streams that
 * inflate to 120 MiB each, test/server/signing/hostile-pdfs.ts) is sent to POST /api/signing/sign by a
 * leader; meanwhile `--others` clients read `GET /api/me` in a closed loop. Peer, in the same run: the
 * same reads with no signing going on (a floor). Figures: the reads' p50/p99/max and rate in both
 * phases and their ratio, each hostile request's status, code and duration, the server's resident memory
 * before and at its peak.
 *
 *   npx ts-node --transpile-only bench/hostile-sign.ts [--root DIR] [--label after] [--others 8]
 *       [--hostile 4] [--baseline 10] [--duration 10]
 *
 * `--root`: the source tree the server runs from (default this one). For a "before" figure, export an
 * older commit and point at it (the server script is copied in when missing):
 *   git archive <commit> | tar -x -C /tmp/vanban-before && ln -s "$PWD/node_modules" /tmp/vanban-before/
 * Results: a table on stdout and bench/out/hostile-sign-<label>.json.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../storage/embedded/embedded-postgres';
import { objectStreamBomb, plainPdf } from '../test/server/signing/hostile-pdfs';
import { PASSWORD } from '../test/server/support/world';
import { machine, round, table, writeResults } from './signing-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SERVER_NODE_FLAGS: string[] = require('../scripts/server-node-flags');

interface Options {
  root: string;
  label: string;
  others: number;
  hostile: number;
  baseline: number;
  duration: number;
}

const WATCHDOG_MS = 10 * 60_000;
const log = (line: string) => process.stderr.write(`[hostile-sign] ${line}\n`);

/** Forks the server script of `root` (copied there when that tree has none) and waits for its port. */
async function startServerFrom(root: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const script = path.join(root, 'bench', 'hostile-sign-server.ts');
  if (!fs.existsSync(script)) fs.copyFileSync(path.join(__dirname, 'hostile-sign-server.ts'), script);
  const child = fork(script, args, {
    cwd: root,
    execArgv: ['-r', 'ts-node/register/transpile-only', ...SERVER_NODE_FLAGS],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 180 s')), 180_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Resident memory of a process in MiB (Linux), undefined once it is gone. */
function rssMib(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

interface ReadFigures {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function figures(latencies: number[], errors: number, seconds: number): ReadFigures {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return {
    requests: s.length,
    errors,
    seconds: round(seconds, 2),
    perSecond: round(s.length / seconds, 1),
    p50Ms: round(at(0.5), 1),
    p99Ms: round(at(0.99), 1),
    maxMs: round(s[s.length - 1] ?? 0, 1),
  };
}

/** `others` clients reading GET /api/me one request after another until `until` resolves. */
async function readLoop(
  url: string,
  token: string,
  others: number,
  until: Promise<unknown>,
): Promise<ReadFigures> {
  let stop = false;
  void until.then(() => (stop = true));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: others }, async () => {
      while (!stop) {
        const t0 = performance.now();
        const res = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors++;
      }
    }),
  );
  return figures(latencies, errors, (performance.now() - started) / 1000);
}

async function json(
  url: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url + p, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function tokenFor(url: string, username: string): Promise<string> {
  const login = await json(url, 'POST', '/api/auth/login', { username, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
  const token = await json(
    url,
    'POST',
    '/api/tokens',
    { name: 'bench' },
    { cookie, 'x-csrf-token': login.body.csrfToken },
  );
  return token.body.token as string;
}

/** POST /api/signing/sign as leader: status, error code, seconds. */
async function sign(
  url: string,
  token: string,
  credential: { id: string; devPin?: string },
  pdf: Buffer,
): Promise<{ status: number; code: string | null; seconds: number }> {
  const t0 = performance.now();
  const res = await fetch(
    `${url}/api/signing/sign?${new URLSearchParams({ credentialId: credential.id, role: 'leader' })}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/pdf',
        'x-signing-pin': credential.devPin ?? '123456',
      },
      body: new Uint8Array(pdf),
    },
  );
  const text = Buffer.from(await res.arrayBuffer());
  const code = res.headers.get('content-type')?.startsWith('application/json')
    ? (JSON.parse(text.toString('utf8')) as { error?: { code: string } }).error?.code
    : undefined;
  return { status: res.status, code: code ?? null, seconds: round((performance.now() - t0) / 1000, 2) };
}

async function run(o: Options): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-hostile-'));
  // The embedded PostgreSQL runs as the postgres account when the benchmark runs as root: it must pass.
  fs.chmodSync(tempDir, 0o711);
  let postgres: RunningPostgres | undefined;
  let server: ChildProcess | undefined;
  const watchdog = setTimeout(() => {
    log('watchdog: 10 minutes passed, stopping');
    server?.kill('SIGKILL');
    process.exit(2);
  }, WATCHDOG_MS);
  try {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_hostile');
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/postgres(\?|$)/, '/bench_hostile$1');
    log(`server from ${o.root}`);
    const started = await startServerFrom(path.resolve(o.root), [databaseUrl, path.join(tempDir, 'data')]);
    server = started.child;
    const url = started.url;
    const leader = await tokenFor(url, 'bl.leader');
    const reader = await tokenFor(url, 'bl.specialist');
    const credential = (
      await json(url, 'GET', '/api/signing/my-credentials', undefined, { authorization: `Bearer ${leader}` })
    ).body.find((c: { ownerKind: string }) => c.ownerKind === 'user') as { id: string; devPin?: string };
    const hostile = objectStreamBomb(120);
    log(`hostile file ${hostile.length} bytes; warming up`);
    await readLoop(url, reader, o.others, new Promise((r) => setTimeout(r, 2000)));
    // A server that has signed before: its input-check processes (if it has them) are running, as in a
    // server that has been up a while. Their start is reported apart.
    const w0 = performance.now();
    const warm = await Promise.all(
      Array.from({ length: o.hostile }, () =>
        sign(url, leader, credential, plainPdf()).then((r) => r.status),
      ),
    );
    const warmUpSeconds = round((performance.now() - w0) / 1000, 2);
    log(`warm-up: ${o.hostile} sound one-page files signed in ${warmUpSeconds} s (${warm.join(', ')})`);

    const rssBefore = rssMib(server.pid);
    const baseline = await readLoop(
      url,
      reader,
      o.others,
      new Promise((r) => setTimeout(r, o.baseline * 1000)),
    );
    log(`baseline: p99 ${baseline.p99Ms} ms, ${baseline.perSecond}/s`);

    let rssPeak = rssBefore ?? 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMib(server?.pid) ?? 0)), 100);
    // `hostile` requests kept in flight for at least `duration` seconds (each client sends its next file
    // when the previous one is answered).
    const t0 = performance.now();
    const signing = Promise.all(
      Array.from({ length: o.hostile }, async () => {
        const answers: Awaited<ReturnType<typeof sign>>[] = [];
        do answers.push(await sign(url, leader, credential, hostile));
        while (performance.now() - t0 < o.duration * 1000);
        return answers;
      }),
    ).then((all) => all.flat());
    const during = await readLoop(url, reader, o.others, signing);
    clearInterval(sampler);
    const signed = await signing;
    log(`during: p99 ${during.p99Ms} ms; ${signed.length} hostile requests`);

    const rows = [
      ['', 'reads/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
      ...(
        [
          ['reads alone (peer)', baseline],
          [`reads while ${o.hostile} hostile files are signed`, during],
        ] as const
      ).map(([name, f]) => [
        name,
        String(f.perSecond),
        String(f.p50Ms),
        String(f.p99Ms),
        String(f.maxMs),
        String(f.errors),
      ]),
    ];
    process.stdout.write(`${table(rows)}\n`);
    const seconds = signed.map((x) => x.seconds).sort((a, b) => a - b);
    const statuses = [...new Set(signed.map((x) => `${x.status} ${x.code ?? ''}`.trim()))].join(', ');
    process.stdout.write(
      `p99 ratio during/alone ${round(during.p99Ms / baseline.p99Ms, 1)}×; ${signed.length} hostile requests ` +
        `(${statuses}) in ${seconds[0]}–${seconds[seconds.length - 1]} s each; ` +
        `server RSS ${rssBefore} → peak ${rssPeak} MiB\n`,
    );
    const file = writeResults(`hostile-sign-${o.label}`, {
      label: o.label,
      root: path.resolve(o.root),
      machine: machine(),
      loadAverage: os.loadavg().map((x) => round(x, 2)),
      hostileBytes: hostile.length,
      others: o.others,
      baseline,
      during,
      p99Ratio: round(during.p99Ms / baseline.p99Ms, 2),
      warmUpSeconds,
      hostileRequests: signed,
      serverRssMib: { before: rssBefore, peak: rssPeak },
    });
    log(`results in ${file}`);
  } finally {
    clearTimeout(watchdog);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.send('stop');
      const kill = setTimeout(() => server?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
    await postgres?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

const program = new Command()
  .option('--root <dir>', 'source tree the server runs from', path.join(__dirname, '..'))
  .option('--label <name>', 'name of the run in the results file', 'after')
  .option('--others <n>', 'clients reading meanwhile', (v) => Number(v), 8)
  .option('--hostile <n>', 'hostile files signed at once', (v) => Number(v), 4)
  .option('--baseline <s>', 'seconds of reads alone', (v) => Number(v), 10)
  .option('--duration <s>', 'seconds at least with hostile files in flight', (v) => Number(v), 10)
  .parse();

run(program.opts<Options>()).then(
  () => process.exit(0),
  (e: unknown) => {
    log(`failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
