/**
 * Routing benchmark (issue 5 "Speed"): sending one sealed document to 200 recipients over HTTP,
 * sustained deliveries per second, and inbox reads under load, each beside a peer measured in the same
 * run on the same machine.
 *
 *   npx ts-node --transpile-only bench/route.ts [--sends 30] [--sustained-docs 60] [--concurrency 4]
 *                                            [--duration 5] [--rounds 3] [--connections 200] [--profile dir]
 *
 * Setup: an embedded PostgreSQL 17 in a temporary directory, migrated, with the demo province
 * (seedDemoProvince: 223 units, ~9,240 accounts) and a group of 200 units (its 188 communes and 12
 * districts). Sealed documents of the UBND tỉnh are prepared through the domain functions (createDraft
 * … recordSeal, the PDF put into the object store), not timed.
 *
 * 1. Send latency: `POST /api/outgoing/:id/send` for one document to the group of 200, one at a time;
 *    "delivered" = the answer arrived: the sending transaction (200 incoming rows, 200 status events,
 *    jobs, audit event) has committed, so every recipient's inbox shows it; each send is then checked
 *    (not timed) by counting its rows and reading one recipient's inbox over HTTP. Peer: one transaction
 *    with a bare `INSERT ... SELECT FROM unnest` of 200 rows into a table with no index, over the same
 *    pg driver, alternating with the sends.
 * 2. Sustained deliveries: --sustained-docs documents sent by --concurrency clients at once, deliveries
 *    (incoming rows) per second over the whole batch; peer: the same count of bare 200-row transactions
 *    with the same concurrency.
 * 3. Inbox reads: `GET /api/incoming?limit=20` with the bearer tokens of 20 commune clerks (rotated),
 *    autocannon with --connections (closed loop: each connection sends its next request when the answer
 *    arrives, so the latency is the queue at saturation), beside a bare express app answering the same
 *    JSON body; then open loop (requests at a fixed rate spread evenly, over the same --connections
 *    kept-alive sockets, latency from the scheduled moment) at 25, 50 and 75 % of the saturated rate,
 *    each beside the bare app at the same rate.
 *
 * The app runs in a child process (platform-server.ts: createApp, no job worker — delivery is the commit;
 * validation on arrival is benchmarked with the validator), so that the load generator does not share
 * its event loop. Results: a table on stdout and bench/out/route.json; exit code 1 if anything failed.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { children, startServer, stopServer } from './child-server';
import { Command } from 'commander';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import {
  allowPostgresThrough,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../storage/embedded/embedded-postgres';
import { createObjectStore } from '../storage/objects/create-object-store';
import type { ObjectStore } from '../storage/objects/object-store';
import { createApiToken } from '../workflows/accounts/create-api-token';
import { systemClock, type Actor, type DomainContext, type Role } from '../workflows/context';
import { seedDemoProvince } from '../workflows/directory/seed-demo-province';
import { assignNumber } from '../workflows/documents/assign-number';
import { createDraft } from '../workflows/documents/create-draft';
import { recordLeaderSignature } from '../workflows/documents/record-leader-signature';
import { recordSeal } from '../workflows/documents/record-seal';
import { submitForReview } from '../workflows/documents/submit-for-review';

interface Options {
  sends: number;
  sustainedDocs: number;
  concurrency: number;
  duration: number;
  rounds: number;
  connections: number;
  /** Directory for a V8 CPU profile of the app process (--cpu-prof), when given. */
  profile?: string;
}

interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

const RECIPIENTS = 200;
const WARM_UP_SENDS = 3;
const WARM_UP_S = 2;
const WATCHDOG_MS = 10 * 60_000;
const READ_PATH = '/api/incoming?limit=20';
/** Offered read rates for the paced phase, as fractions of the saturated rate. */
const PACED_FRACTIONS = [0.25, 0.5, 0.75];

let postgres: RunningPostgres | undefined;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const stats = (xs: number[]) => ({
  p50: round(percentile(xs, 50)),
  p95: round(percentile(xs, 95)),
  min: round(Math.min(...xs)),
  max: round(Math.max(...xs)),
  n: xs.length,
});

// ---------------------------------------------------------------------------------------------
// World

interface World {
  sender: { specialist: Actor; leader: Actor; clerk: Actor };
  groupId: string;
  recipientIds: string[];
  clerkToken: string;
  /** Bearer tokens of commune clerks (inbox readers) and their communes. */
  readers: { token: string; unitId: string }[];
}

async function actorAt(db: DataSource, unitId: string, role: Role): Promise<Actor> {
  const rows: { id: string; username: string }[] = await db.query(
    `SELECT id, username FROM users WHERE unit_id = $1 AND $2 = ANY(roles) AND active ORDER BY username LIMIT 1`,
    [unitId, role],
  );
  if (!rows[0]) throw new Error(`the demo province has no ${role} at ${unitId}`);
  return { userId: rows[0].id, username: rows[0].username, unitId, roles: [role] };
}

const ctx = (db: DataSource, actor: Actor): DomainContext => ({
  db,
  actor,
  clock: systemClock,
  requestMetadata: { ip: '127.0.0.1', userAgent: 'bench/route', requestId: 'bench' },
});

async function buildWorld(db: DataSource): Promise<World> {
  await seedDemoProvince(db, { clock: systemClock });
  const [root]: { id: string }[] = await db.query(
    `SELECT id FROM units WHERE parent_id IS NULL AND level = 'province' ORDER BY code LIMIT 1`,
  );
  const recipients: { id: string; level: string }[] = await db.query(
    `(SELECT id, level FROM units WHERE level = 'commune' AND valid_to IS NULL ORDER BY code)
     UNION ALL
     (SELECT id, level FROM units WHERE level = 'district' AND valid_to IS NULL ORDER BY code LIMIT $1)`,
    [Math.max(0, RECIPIENTS - 188)],
  );
  const recipientIds = recipients.slice(0, RECIPIENTS).map((r) => r.id);
  if (recipientIds.length !== RECIPIENTS) throw new Error(`only ${recipientIds.length} recipient units`);
  const [group]: { id: string }[] = await db.query(
    `INSERT INTO unit_groups (owner_unit_id, name) VALUES ($1, '200 đơn vị cấp huyện, xã') RETURNING id`,
    [root!.id],
  );
  await db.query(`INSERT INTO unit_group_members (group_id, unit_id) SELECT $1, unnest($2::uuid[])`, [
    group!.id,
    recipientIds,
  ]);
  const sender = {
    specialist: await actorAt(db, root!.id, 'specialist'),
    leader: await actorAt(db, root!.id, 'leader'),
    clerk: await actorAt(db, root!.id, 'clerk'),
  };
  const clerkToken = (await createApiToken(ctx(db, sender.clerk), { name: 'bench/route' })).token;
  const readers: World['readers'] = [];
  const communes = recipients.filter((r) => r.level === 'commune').slice(0, 20);
  for (const c of communes) {
    const reader = await actorAt(db, c.id, 'clerk');
    readers.push({
      token: (await createApiToken(ctx(db, reader), { name: 'bench/route reader' })).token,
      unitId: c.id,
    });
  }
  return { sender, groupId: group!.id, recipientIds, clerkToken, readers };
}

async function samplePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText('UY BAN NHAN DAN TINH', { x: 70, y: 780, size: 12, font });
  page.drawText('QUYET DINH ve viec trien khai nhiem vu', { x: 160, y: 650, size: 14, font });
  return Buffer.from(await doc.save());
}

/** `count` sealed documents of the UBND tỉnh addressed to the group (the full signing sequence, in the domain). */
async function sealedDocuments(
  db: DataSource,
  objects: ObjectStore,
  w: World,
  count: number,
): Promise<string[]> {
  const stored = await objects.put(await samplePdf(), { contentType: 'application/pdf' });
  const pdf = { sha256: stored.sha256, size: stored.size };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = await createDraft(ctx(db, w.sender.specialist), {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: `Về việc triển khai nhiệm vụ số ${i + 1} đến các huyện, xã`,
      recipients: [{ kind: 'group', groupId: w.groupId }],
      pdf,
    });
    await submitForReview(ctx(db, w.sender.specialist), { documentId: d.id });
    await recordLeaderSignature(ctx(db, w.sender.leader), { documentId: d.id, signedPdf: pdf });
    await assignNumber(ctx(db, w.sender.clerk), { documentId: d.id });
    await recordSeal(ctx(db, w.sender.clerk), { documentId: d.id, sealedPdf: pdf });
    ids.push(d.id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Measured operations

async function send(base: string, token: string, documentId: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/outgoing/${documentId}/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { delivered?: number };
  const ms = performance.now() - started;
  if (res.status !== 200 || body.delivered !== RECIPIENTS) {
    throw new Error(`send ${documentId}: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
  return ms;
}

/** Not timed: the rows are committed and one recipient's inbox (over HTTP) lists the document. */
async function checkDelivered(
  db: DataSource,
  base: string,
  w: World,
  documentId: string,
  n: number,
): Promise<void> {
  const [{ c }]: { c: number }[] = await db.query(
    `SELECT count(*)::int AS c FROM incoming_documents WHERE outgoing_id = $1`,
    [documentId],
  );
  if (c !== RECIPIENTS) throw new Error(`${documentId}: ${c} incoming rows, expected ${RECIPIENTS}`);
  const reader = w.readers[n % w.readers.length]!;
  const [{ id }]: { id: string }[] = await db.query(
    `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
    [documentId, reader.unitId],
  );
  const res = await fetch(`${base}/api/incoming?limit=200`, {
    headers: { authorization: `Bearer ${reader.token}` },
  });
  const inbox = (await res.json()) as { items: { id: string }[] };
  if (res.status !== 200 || !inbox.items.some((i) => i.id === id)) {
    throw new Error(`${documentId} is not visible in a recipient's inbox`);
  }
}

/** The peer: one transaction inserting 200 bare rows from arrays. */
async function bareInsert(db: DataSource): Promise<number> {
  const a = Array.from(
    { length: RECIPIENTS },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const b = Array.from({ length: RECIPIENTS }, () => 'Về việc triển khai nhiệm vụ đến các huyện, xã');
  const started = performance.now();
  await db.transaction((m) =>
    m.query(
      `INSERT INTO bench_floor (a, b, c) SELECT x, y, now() FROM unnest($1::uuid[], $2::text[]) AS t(x, y)`,
      [a, b],
    ),
  );
  return performance.now() - started;
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Load (the child servers: bench/child-server.ts)

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
      });
    });
  });
}

/**
 * Open-loop load: `rate` requests per second for `durationS`, evenly spaced, over an agent holding up to
 * `connections` kept-alive sockets (all opened first and used in turn); each latency runs from the
 * request's scheduled time to the end of its response.
 */
async function pacedLoad(o: {
  url: string;
  rate: number;
  durationS: number;
  connections: number;
  headers: () => Record<string, string>;
}): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, scheduling: 'fifo' });
  const one = (scheduled: number, latencies: number[] | null, bad: { errors: number; non2xx: number }) =>
    new Promise<void>((resolve) => {
      const req = http.get(o.url, { agent, headers: o.headers() }, (res) => {
        res.resume();
        res.on('end', () => {
          if (latencies) latencies.push(performance.now() - scheduled);
          if ((res.statusCode ?? 0) >= 300) bad.non2xx++;
          resolve();
        });
      });
      req.on('error', () => {
        bad.errors++;
        resolve();
      });
    });
  const bad = { errors: 0, non2xx: 0 };
  try {
    // Open every connection (and warm the server) with one concurrent wave, not measured.
    await Promise.all(Array.from({ length: o.connections }, () => one(performance.now(), null, bad)));
    const latencies: number[] = [];
    const inflight: Promise<void>[] = [];
    const total = Math.round(o.rate * o.durationS);
    const interval = 1000 / o.rate;
    const start = performance.now();
    let i = 0;
    while (i < total) {
      const now = performance.now();
      while (i < total && start + i * interval <= now)
        inflight.push(one(start + i++ * interval, latencies, bad));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inflight);
    const elapsedS = (performance.now() - start) / 1000;
    return {
      requestsPerSecond: round(latencies.length / elapsedS),
      requests: latencies.length,
      latencyMs: {
        p50: round(percentile(latencies, 50)),
        p90: round(percentile(latencies, 90)),
        p99: round(percentile(latencies, 99)),
        max: round(Math.max(...latencies)),
      },
      errors: bad.errors,
      timeouts: 0,
      non2xx: bad.non2xx,
    };
  } finally {
    agent.destroy();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function run(o: Options): Promise<boolean> {
  const log = (line: string) => process.stderr.write(`[route] ${line}\n`);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-route-'));
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  let db: DataSource | undefined;
  let objects: ObjectStore | undefined;
  try {
    await allowPostgresThrough(tempDir); // as root, the cluster runs as the postgres account
    postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
    db = createDataSource(postgres.url, { poolSize: o.concurrency + 2 });
    await db.initialize();
    await runMigrations(db);
    const objectsDir = path.join(tempDir, 'objects');
    objects = await createObjectStore({ kind: 'local', root: objectsDir });
    let t0 = performance.now();
    const w = await buildWorld(db);
    const docs = await sealedDocuments(db, objects, w, WARM_UP_SENDS + o.sends + o.sustainedDocs);
    log(`world and ${docs.length} sealed documents ready in ${Math.round(performance.now() - t0)} ms`);
    await db.query('CREATE TABLE bench_floor (a uuid, b text, c timestamptz)');

    const app = await startServer('platform-server', [postgres.url, objectsDir], o.profile);

    // 1. One document to 200 recipients, one at a time, alternating with the peer.
    const warm = docs.slice(0, WARM_UP_SENDS);
    const latencyDocs = docs.slice(WARM_UP_SENDS, WARM_UP_SENDS + o.sends);
    const sustainedDocs = docs.slice(WARM_UP_SENDS + o.sends);
    for (const id of warm) {
      await send(app.url, w.clerkToken, id);
      await bareInsert(db);
    }
    const sendMs: number[] = [];
    const peerMs: number[] = [];
    for (const [n, id] of latencyDocs.entries()) {
      sendMs.push(await send(app.url, w.clerkToken, id));
      peerMs.push(await bareInsert(db));
      await checkDelivered(db, app.url, w, id, n);
    }
    log(`latency: ${o.sends} sends done`);

    // 2. Sustained: every remaining document, --concurrency at a time; the peer with the same shape.
    t0 = performance.now();
    await pool(sustainedDocs, o.concurrency, (id) => send(app.url, w.clerkToken, id));
    const sustainedS = (performance.now() - t0) / 1000;
    for (const [n, id] of sustainedDocs.entries()) await checkDelivered(db, app.url, w, id, n);
    t0 = performance.now();
    await pool(sustainedDocs, o.concurrency, () => bareInsert(db!));
    const peerSustainedS = (performance.now() - t0) / 1000;
    const deliveries = sustainedDocs.length * RECIPIENTS;
    log(`sustained: ${deliveries} deliveries in ${round(sustainedS, 2)} s`);

    // 3. Inbox reads under load.
    let next = 0;
    const readRequest: autocannon.Request = {
      method: 'GET',
      path: READ_PATH,
      setupRequest: (req) => ({
        ...req,
        headers: { authorization: `Bearer ${w.readers[next++ % w.readers.length]!.token}` },
      }),
    };
    const sample = await fetch(`${app.url}${READ_PATH}`, {
      headers: { authorization: `Bearer ${w.readers[0]!.token}` },
    });
    const body = Buffer.from(await sample.arrayBuffer());
    if (sample.status !== 200) throw new Error(`GET ${READ_PATH}: HTTP ${sample.status} ${body.toString()}`);
    const inboxItems = (JSON.parse(body.toString()) as { items: unknown[] }).items.length;
    const bodyFile = path.join(tempDir, 'inbox-body.json');
    fs.writeFileSync(bodyFile, body);
    const bare = await startServer('bare-json-server', [bodyFile]);
    await load({ url: app.url, connections: o.connections, duration: WARM_UP_S, requests: [readRequest] });
    await load({ url: bare.url, connections: o.connections, duration: WARM_UP_S });
    const reads: LoadFigures[] = [];
    const bares: LoadFigures[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      log(`reads round ${r}/${o.rounds}: inbox, bare — ${o.duration} s each`);
      reads.push(
        await load({
          url: app.url,
          connections: o.connections,
          duration: o.duration,
          requests: [readRequest],
        }),
      );
      bares.push(await load({ url: bare.url, connections: o.connections, duration: o.duration }));
    }

    // Paced (open loop): requests scheduled at a fixed rate spread evenly over time, over the same number
    // of kept-alive connections, latency measured from each request's scheduled moment (so a stalled
    // server is not hidden by the client waiting for it). autocannon's own rate limit sends each
    // connection's quota in a burst at the start of every second, which with 200 connections is a
    // 200-request spike per second, hence this small generator. Rates: fractions of the saturated rate.
    const saturated = [...reads].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
      Math.floor(reads.length / 2)
    ]!.requestsPerSecond;
    const paced: { fraction: number; rate: number; app: LoadFigures; bare: LoadFigures }[] = [];
    for (const fraction of PACED_FRACTIONS) {
      const rate = Math.max(10, Math.round((saturated * fraction) / 10) * 10);
      log(`paced: ${rate} req/s over ${o.connections} connections (${fraction * 100}% of saturation)`);
      const a = await pacedLoad({
        url: `${app.url}${READ_PATH}`,
        rate,
        durationS: o.duration,
        connections: o.connections,
        headers: () => ({ authorization: `Bearer ${w.readers[next++ % w.readers.length]!.token}` }),
      });
      const b = await pacedLoad({
        url: bare.url,
        rate,
        durationS: o.duration,
        connections: o.connections,
        headers: () => ({}),
      });
      paced.push({ fraction, rate, app: a, bare: b });
    }
    await stopServer(app.child);
    await stopServer(bare.child);

    const byRate = (xs: LoadFigures[]) =>
      [...xs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(xs.length / 2)]!;
    const readMedian = byRate(reads);
    const bareMedian = byRate(bares);
    const send200 = stats(sendMs);
    const peer200 = stats(peerMs);
    const results = {
      benchmark: 'route',
      at: new Date().toISOString(),
      machine: {
        node: process.version,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memoryGiB: round(os.totalmem() / 2 ** 30),
      },
      loadAverage: { before: loadBefore, after: os.loadavg().map((x) => round(x, 2)) },
      options: o,
      send: {
        recipients: RECIPIENTS,
        ms: send200,
        peer: 'one transaction: INSERT ... SELECT FROM unnest of 200 bare rows (no index), same pg driver',
        peerMs: peer200,
        ratioP50: round(send200.p50 / peer200.p50),
        runs: sendMs.map((x) => round(x)),
      },
      sustained: {
        documents: sustainedDocs.length,
        concurrency: o.concurrency,
        deliveries,
        seconds: round(sustainedS, 2),
        deliveriesPerSecond: Math.round(deliveries / sustainedS),
        peerRowsPerSecond: Math.round(deliveries / peerSustainedS),
      },
      reads: {
        path: READ_PATH,
        items: inboxItems,
        bodyBytes: body.length,
        connections: o.connections,
        median: readMedian,
        rounds: reads,
        peer: 'bare express answering the same JSON body',
        peerMedian: bareMedian,
        peerRounds: bares,
        ratio: round(median(reads.map((x, i) => x.requestsPerSecond / bares[i]!.requestsPerSecond)), 3),
        paced,
      },
    };

    const fmt = (f: LoadFigures) => [
      `${f.requestsPerSecond}/s`,
      `${f.latencyMs.p50} ms`,
      `${f.latencyMs.p99} ms`,
      `${f.errors + f.non2xx + f.timeouts}`,
    ];
    const m = results.machine;
    process.stdout.write(
      [
        '',
        `Routing benchmark — ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
          `load average before ${loadBefore[0]}, after ${results.loadAverage.after[0]}`,
        '',
        table([
          [`Send to ${RECIPIENTS} recipients (${o.sends} sends, one at a time)`, 'p50', 'p95', 'max'],
          [
            'POST /api/outgoing/:id/send → committed, in every inbox',
            `${send200.p50} ms`,
            `${send200.p95} ms`,
            `${send200.max} ms`,
          ],
          [
            `  peer: bare INSERT … unnest of ${RECIPIENTS} rows, one transaction`,
            `${peer200.p50} ms`,
            `${peer200.p95} ms`,
            `${peer200.max} ms`,
          ],
        ]),
        `  ratio (p50) ${results.send.ratioP50}×   target: p50 < 300 ms`,
        '',
        table([
          [`Sustained (${sustainedDocs.length} documents, ${o.concurrency} clerks at once)`, 'rate'],
          ['deliveries (incoming records committed)', `${results.sustained.deliveriesPerSecond}/s`],
          [
            '  peer: bare 200-row transactions, same concurrency',
            `${results.sustained.peerRowsPerSecond} rows/s`,
          ],
        ]),
        `  target: ≥ 300 deliveries/s`,
        '',
        table([
          [
            `Inbox reads, ${o.connections} connections, median of ${o.rounds} × ${o.duration} s`,
            'rate',
            'p50',
            'p99',
            'failed',
          ],
          [`GET ${READ_PATH} (${inboxItems} items, ${body.length} B)`, ...fmt(readMedian)],
          ['  peer: bare express, same JSON body', ...fmt(bareMedian)],
        ]),
        `  ratio (rate) ${results.reads.ratio}   target: p99 < 50 ms (closed loop: mean latency = connections ÷ rate)`,
        '',
        table([
          [`Inbox reads, open loop over ${o.connections} connections`, 'achieved', 'p50', 'p99', 'failed'],
          ...paced.flatMap((x) => [
            [`GET ${READ_PATH} at ${x.rate}/s (${x.fraction * 100}% of saturation)`, ...fmt(x.app)],
            [`  peer: bare express at ${x.rate}/s`, ...fmt(x.bare)],
          ]),
        ]),
        '',
      ].join('\n'),
    );
    const outDir = path.join(__dirname, 'out');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'route.json'), JSON.stringify(results, null, 2) + '\n');
    log(`results written to ${path.relative(process.cwd(), path.join(outDir, 'route.json'))}`);
    const failed = [...reads, ...bares, ...paced.flatMap((x) => [x.app, x.bare])].reduce(
      (n, f) => n + f.errors + f.timeouts + f.non2xx,
      0,
    );
    if (failed > 0) log(`${failed} requests failed: the figures are not valid`);
    return failed === 0;
  } finally {
    for (const child of children) await stopServer(child);
    await objects?.close();
    if (db?.isInitialized) await db.destroy();
    await postgres?.stop();
    postgres = undefined;
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function killEverything(): void {
  for (const child of children) child.kill('SIGKILL');
  if (postgres?.pid) {
    try {
      process.kill(postgres.pid, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }
}

if (require.main === module) {
  const cli = new Command('route')
    .option('--sends <n>', 'sends to 200 recipients for the latency figures', (v) => Number(v), 30)
    .option('--sustained-docs <n>', 'documents sent for the sustained rate', (v) => Number(v), 60)
    .option('--concurrency <n>', 'clerks sending at once in the sustained phase', (v) => Number(v), 4)
    .option('--duration <s>', 'seconds per read slice', (v) => Number(v), 5)
    .option('--rounds <n>', 'rounds of alternating read and peer slices', (v) => Number(v), 3)
    .option('--connections <n>', 'concurrent connections for the reads', (v) => Number(v), 200)
    .option('--profile <dir>', 'write a V8 CPU profile of the app process into this directory')
    .parse();
  const options = cli.opts<Options>();
  process.once('exit', killEverything);
  setTimeout(() => {
    process.stderr.write(`[route] watchdog: still running after ${WATCHDOG_MS / 1000} s, stopping\n`);
    killEverything();
    process.exit(2);
  }, WATCHDOG_MS).unref();
  run(options).then(
    (ok) => process.exit(ok ? 0 : 1),
    (e: unknown) => {
      process.stderr.write(`[route] failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
