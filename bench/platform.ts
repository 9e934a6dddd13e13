/**
 * Platform benchmark: demo-province seeding, password login and an authenticated read under load,
 * each printed beside a peer measured in the same run on the same machine.
 *
 *   npx ts-node --transpile-only bench/platform.ts [--duration 5] [--rounds 3] [--connections 50]
 *                                             [--seed-runs 3]
 *
 * 1. Seeding: `seedDemoProvince` into fresh migrated databases (median of --seed-runs), beside the
 *    floor: one multi-row INSERT ... SELECT FROM unnest(...) of as many bare rows (three text columns,
 *    no index, no constraint) as the seed writes units + accounts.
 * 2. Login: POST /api/auth/login over the demo accounts (limiter set high), beside raw `crypto.scrypt`
 *    with the parameters of DEFAULT_SCRYPT and the same number of calls in flight: login is meant to
 *    be bound by scrypt.
 * 3. Read: GET /api/units?q=... with a bearer API token and with a session cookie, beside a bare
 *    express app answering the same JSON body (the ceiling of HTTP + express on this machine).
 *
 * The servers run in child processes (platform-server.ts, bare-json-server.ts): autocannon in this
 * process would otherwise compete with the server for one event loop and the figures would measure
 * both. Measured and peer slices alternate within each round (see `run`). Load goes to 127.0.0.1 only,
 * every slice is bounded by --duration, and a watchdog ends the whole run.
 * Results: a table on stdout and bench/out/platform.json. Exit code 1 if any request failed.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { scrypt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { children, startServer, stopServer } from './child-server';
import { Command } from 'commander';
import pg from 'pg';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import {
  allowPostgresThrough,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../storage/embedded/embedded-postgres';
import { DEFAULT_SCRYPT } from '../workflows/accounts/password-hash';
import { systemClock } from '../workflows/context';
import { DEMO_PASSWORD, seedDemoProvince } from '../workflows/directory/seed-demo-province';

interface Options {
  duration: number;
  connections: number;
  rounds: number;
  seedRuns: number;
}

interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  connections: number;
  durationS: number;
}

/** Kept in flight for the read phases' warm-up (JIT, pools), not recorded. */
const WARM_UP_S = 2;
/** The whole run ends after this, whatever happens. */
const WATCHDOG_MS = 6 * 60_000;
/** Key length of workflows/accounts/password-hash.ts. */
const SCRYPT_KEY_LENGTH = 32;
/** The read under test: a unit search (words without diacritics), one page. */
const READ_PATH = '/api/units?q=tan&limit=20';

let postgres: RunningPostgres | undefined;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function adminQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: url });
  return client.connect().then(
    () => client.query<T>(sql).finally(() => client.end()),
    (e: unknown) => Promise.reject(e),
  );
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// 1. Seeding

interface SeedFigures {
  units: number;
  users: number;
  seedMs: number[];
  floorMs: number[];
  databaseUrl: string;
}

async function benchSeeding(adminUrl: string, runs: number): Promise<SeedFigures> {
  await adminQuery(adminUrl, 'CREATE DATABASE bench_template');
  const template = createDataSource(withDatabase(adminUrl, 'bench_template'), { poolSize: 2 });
  await template.initialize();
  await runMigrations(template);
  await template.destroy();

  const seedMs: number[] = [];
  const floorMs: number[] = [];
  let units = 0;
  let users = 0;
  let databaseUrl = '';
  for (let run = 1; run <= runs; run++) {
    const name = `bench_${run}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE bench_template`);
    databaseUrl = withDatabase(adminUrl, name);
    const db = createDataSource(databaseUrl, { poolSize: 2 });
    await db.initialize();
    try {
      let started = performance.now();
      const result = await seedDemoProvince(db, { clock: systemClock });
      seedMs.push(performance.now() - started);
      if (!result.seeded) throw new Error('seedDemoProvince wrote nothing into a fresh database');
      ({ units, users } = result);

      // The floor: as many rows, built in JS and sent as arrays in one statement, into a table with
      // nothing to maintain but the heap.
      await db.query('CREATE TABLE bench_floor (a text, b text, c text)');
      started = performance.now();
      const n = units + users;
      const a = Array.from({ length: n }, (_, i) => `chuyenvien${i}.ubndhuyentangiang`);
      const b = Array.from({ length: n }, (_, i) => `Nguyễn Thị Thanh ${i}`);
      const c = Array.from({ length: n }, () => 'Chuyên viên chính');
      await db.transaction((m) =>
        m.query(
          'INSERT INTO bench_floor (a, b, c) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
          [a, b, c],
        ),
      );
      floorMs.push(performance.now() - started);
      await db.query('DROP TABLE bench_floor');
    } finally {
      await db.destroy();
    }
  }
  return { units, users, seedMs, floorMs, databaseUrl };
}

// ---------------------------------------------------------------------------------------------
// Child servers: bench/child-server.ts; their memory

/** Peak resident memory of a child (Linux), in MiB. */
function peakRssMiB(child: ChildProcess): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? round(Number(kb) / 1024, 0) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Load

function load(options: autocannon.Options): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 10, ...options }, (err, r) => {
      if (err) return reject(err);
      resolve({
        requestsPerSecond: round(r.requests.total / r.duration),
        requests: r.requests.total,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        connections: r.connections,
        durationS: round(r.duration),
      });
    });
  });
}

function scryptOnce(): Promise<number> {
  const { N, r, p } = DEFAULT_SCRYPT;
  const started = performance.now();
  return new Promise((resolve, reject) =>
    scrypt(DEMO_PASSWORD, 'bench-salt-16byt', SCRYPT_KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (err) =>
      err ? reject(err) : resolve(performance.now() - started),
    ),
  );
}

/**
 * Raw scrypt with `inFlight` calls outstanding for `durationS`: the login's floor cost. Counted like
 * autocannon counts: only calls completed inside the window (the ones still running at its end are
 * dropped, not waited for).
 */
async function benchScrypt(inFlight: number, durationS: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  const deadline = performance.now() + durationS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const ms = await scryptOnce();
      if (performance.now() <= deadline) latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: round(latencies.length / durationS),
    requests: latencies.length,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? 0),
    },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    connections: inFlight,
    durationS,
  };
}

async function login(base: string, username: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('vanban_session='));
  if (!cookie) throw new Error('login answered without a session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function apiToken(base: string, session: { cookie: string; csrfToken: string }): Promise<string> {
  const res = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
    },
    body: JSON.stringify({ name: 'bench/platform' }),
  });
  if (res.status !== 201) throw new Error(`POST /api/tokens: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const fmtLoad = (f: LoadFigures) => [
  `${f.requestsPerSecond}/s`,
  `${f.latencyMs.p50} ms`,
  `${f.latencyMs.p99} ms`,
  `${f.errors + f.non2xx + f.timeouts}`,
];

// ---------------------------------------------------------------------------------------------

/**
 * Measured and peer slices alternate (A B A B ...) and each ratio is taken between the two slices of
 * one round, then the median over rounds: the machine may be shared, and background load then weighs
 * on both sides of a ratio alike.
 */
interface Rounds {
  rounds: LoadFigures[];
  /** The round with the median rate. */
  median: LoadFigures;
}

function summarise(rounds: LoadFigures[]): Rounds {
  const byRate = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return { rounds, median: byRate[Math.floor(byRate.length / 2)]! };
}

const ratioOfRounds = (a: LoadFigures[], b: LoadFigures[], digits: number) =>
  round(median(a.map((x, i) => x.requestsPerSecond / b[i]!.requestsPerSecond)), digits);

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(options: Options): Promise<boolean> {
  const { duration, connections, rounds } = options;
  const log = (line: string) => process.stderr.write(`[platform] ${line}\n`);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-'));
  const loadAverageBefore = os.loadavg().map((x) => round(x, 2));
  try {
    let started = performance.now();
    await allowPostgresThrough(tempDir); // as root, the cluster runs as the postgres account
    postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
    const postgresStartMs = performance.now() - started;
    log(`PostgreSQL up in ${Math.round(postgresStartMs)} ms; seeding ${options.seedRuns}×`);

    started = performance.now();
    const seed = await benchSeeding(postgres.url, options.seedRuns);
    log(`seeding done in ${Math.round(performance.now() - started)} ms`);

    const oneHashMs: number[] = [];
    for (let i = 0; i < 5; i++) oneHashMs.push(await scryptOnce());

    const app = await startServer('platform-server', [seed.databaseUrl, path.join(tempDir, 'objects')]);
    const usernames = (
      await adminQuery<{ username: string }>(
        seed.databaseUrl,
        'SELECT username FROM users WHERE active ORDER BY username LIMIT 2000',
      )
    ).rows.map((r) => r.username);

    const session = await login(app.url, 'admin');
    const token = await apiToken(app.url, session);
    const sample = await fetch(`${app.url}${READ_PATH}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await sample.arrayBuffer());
    if (sample.status !== 200) throw new Error(`GET ${READ_PATH}: HTTP ${sample.status} ${body.toString()}`);
    const bodyFile = path.join(tempDir, 'read-body.json');
    fs.writeFileSync(bodyFile, body);
    const bare = await startServer('bare-json-server', [bodyFile]);

    const readUrl = `${app.url}${READ_PATH}`;
    const bearer = { authorization: `Bearer ${token}` };
    const cookie = { cookie: session.cookie };
    let next = 0;
    const loginRequest: autocannon.Request = {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ username: usernames[next++ % usernames.length], password: DEMO_PASSWORD }),
      }),
    };

    log(`warm-up ${WARM_UP_S} s per target`);
    await load({ url: app.url, connections, duration: WARM_UP_S, requests: [loginRequest] });
    await settle(2_000);
    await load({ url: readUrl, connections, duration: WARM_UP_S, headers: bearer });
    await load({ url: bare.url, connections, duration: WARM_UP_S });

    const logins: LoadFigures[] = [];
    const scrypts: LoadFigures[] = [];
    const bearers: LoadFigures[] = [];
    const cookies: LoadFigures[] = [];
    const bares: LoadFigures[] = [];
    for (let r = 1; r <= rounds; r++) {
      log(`round ${r}/${rounds}: login, raw scrypt, read (bearer), read (cookie), bare — ${duration} s each`);
      logins.push(await load({ url: app.url, connections, duration, requests: [loginRequest] }));
      // Logins accepted before the end of the slice are still hashing in the server: let them finish.
      await settle(2_000);
      scrypts.push(await benchScrypt(connections, duration));
      bearers.push(await load({ url: readUrl, connections, duration, headers: bearer }));
      cookies.push(await load({ url: readUrl, connections, duration, headers: cookie }));
      bares.push(await load({ url: bare.url, connections, duration }));
    }
    const appPeakRssMiB = peakRssMiB(app.child);
    const barePeakRssMiB = peakRssMiB(bare.child);
    await stopServer(app.child);
    await stopServer(bare.child);

    const seedMs = median(seed.seedMs);
    const floorMs = median(seed.floorMs);
    const results = {
      benchmark: 'platform',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 2)) },
      options: { ...options, warmUpS: WARM_UP_S, readPath: READ_PATH, readBodyBytes: body.length },
      postgresStartMs: Math.round(postgresStartMs),
      seeding: {
        units: seed.units,
        users: seed.users,
        seedMsMedian: Math.round(seedMs),
        seedMsRuns: seed.seedMs.map(Math.round),
        peer: 'one INSERT ... SELECT FROM unnest of units+users bare rows (3 text columns, no index)',
        floorMsMedian: Math.round(floorMs),
        floorMsRuns: seed.floorMs.map(Math.round),
        ratio: round(seedMs / floorMs),
        oneScryptHashMs: round(median(oneHashMs)),
      },
      login: {
        ...summarise(logins),
        peer: `crypto.scrypt N=${DEFAULT_SCRYPT.N} r=${DEFAULT_SCRYPT.r} p=${DEFAULT_SCRYPT.p}, same in-flight count`,
        peerRounds: summarise(scrypts),
        ratio: ratioOfRounds(logins, scrypts, 2),
      },
      read: {
        path: READ_PATH,
        bearer: summarise(bearers),
        cookie: summarise(cookies),
        peer: 'bare express app answering the same JSON body',
        peerRounds: summarise(bares),
        ratioBearer: ratioOfRounds(bearers, bares, 3),
        ratioCookie: ratioOfRounds(cookies, bares, 3),
      },
      peakRssMiB: { app: appPeakRssMiB, bare: barePeakRssMiB },
    };

    const m = results.machine;
    process.stdout.write(
      [
        '',
        `Platform benchmark — ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
          `load average before ${loadAverageBefore[0]}, after ${results.loadAverage.after[0]}`,
        '',
        table([
          [`Seeding (median of ${options.seedRuns})`, 'VanBan', 'peer (floor)', 'ratio'],
          [
            `seedDemoProvince: ${seed.units} units + ${seed.users} accounts`,
            `${Math.round(seedMs)} ms`,
            `${Math.round(floorMs)} ms`,
            `${results.seeding.ratio}×`,
          ],
        ]),
        `  peer: ${results.seeding.peer}`,
        `  one scrypt hash (${results.seeding.oneScryptHashMs} ms) is part of the seed`,
        '',
        table([
          [
            `Load on 127.0.0.1, ${connections} conn., median of ${rounds} × ${duration} s`,
            'rate',
            'p50',
            'p99',
            'failed',
          ],
          ['login POST /api/auth/login', ...fmtLoad(results.login.median)],
          ['  peer: raw crypto.scrypt, as many in flight', ...fmtLoad(results.login.peerRounds.median)],
          [`read GET ${READ_PATH}, bearer`, ...fmtLoad(results.read.bearer.median)],
          [`read GET ${READ_PATH}, cookie`, ...fmtLoad(results.read.cookie.median)],
          [`  peer: bare express, same ${body.length}-byte JSON`, ...fmtLoad(results.read.peerRounds.median)],
        ]),
        '',
        'Ratios (median over rounds of measured ÷ peer in the same round):',
        `  login ÷ raw scrypt    ${results.login.ratio}`,
        `  read bearer ÷ bare    ${results.read.ratioBearer}`,
        `  read cookie ÷ bare    ${results.read.ratioCookie}`,
        `Peak RSS: app ${appPeakRssMiB ?? '?'} MiB, bare ${barePeakRssMiB ?? '?'} MiB`,
        '',
      ].join('\n'),
    );

    const outDir = path.join(__dirname, 'out');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'platform.json'), JSON.stringify(results, null, 2) + '\n');
    log(`results written to ${path.relative(process.cwd(), path.join(outDir, 'platform.json'))}`);

    const failed = [...logins, ...bearers, ...cookies, ...bares].reduce(
      (n, f) => n + f.errors + f.timeouts + f.non2xx,
      0,
    );
    if (failed > 0) log(`${failed} requests failed: the figures are not valid`);
    return failed === 0;
  } finally {
    for (const child of children) await stopServer(child);
    await postgres?.stop();
    postgres = undefined;
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function killEverything(): void {
  for (const child of children) child.kill('SIGKILL');
  // The postmaster is not our child (embedded-postgres spawns it): immediate shutdown.
  if (postgres?.pid) {
    try {
      process.kill(postgres.pid, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }
}

if (require.main === module) {
  const cli = new Command('platform')
    .option('--duration <s>', 'seconds per load slice', (v) => Number(v), 5)
    .option('--rounds <n>', 'rounds of alternating measured and peer slices', (v) => Number(v), 3)
    .option('--connections <n>', 'concurrent connections per load phase', (v) => Number(v), 50)
    .option('--seed-runs <n>', 'seeding repetitions (median reported)', (v) => Number(v), 3)
    .parse();
  const options = cli.opts<Options>();
  process.once('exit', killEverything);
  setTimeout(() => {
    process.stderr.write(`[platform] watchdog: still running after ${WATCHDOG_MS / 1000} s, stopping\n`);
    killEverything();
    process.exit(2);
  }, WATCHDOG_MS).unref();
  run(options).then(
    (ok) => process.exit(ok ? 0 : 1),
    (e: unknown) => {
      process.stderr.write(`[platform] failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
