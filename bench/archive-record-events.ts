/**
 * The record view's events at scale (issue 11 item 10): `recordEvents` (workflows/archive/record-events.ts,
 * also premis.xml's selection) for one record — a page of 20 and the total — over an audit trail of
 * `--events` rows, beside the peer measured in the same run: one sequential scan of the same table
 * (`SELECT count(*) FROM audit_events`). The selection matches records by payload (no index on
 * `payload->>'recordId'`), so the ratio says how many full scans a page of the record view costs.
 *
 *    npx ts-node --transpile-only bench/archive-record-events.ts --events 500000   # default; ~1 min here
 *
 * Results: a table on stdout and bench/out/archive-record-events.json.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import { allowPostgresThrough, startEmbeddedPostgres } from '../storage/embedded/embedded-postgres';
import { recordEvents } from '../workflows/archive/record-events';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const events = arg('events', 500_000);
  const runs = arg('runs', 9);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-record-events-'));
  await allowPostgresThrough(tempDir);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
  const db = createDataSource(pg.url, { poolSize: 2 });
  await db.initialize();
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  try {
    await runMigrations(db);
    await db.query(`SET statement_timeout = 0`);
    const record = randomUUID();
    // The trail: filler events of other records (as the archive writes them), and 12 of this record.
    log(`seeding ${events} audit events`);
    await db.query(
      `INSERT INTO audit_events (seq, type, occurred_at, payload, prev_hash, hash)
       SELECT g, CASE g % 4 WHEN 0 THEN 'ARCHIVE_OBJECT_STORED' WHEN 1 THEN 'DOCUMENT_SENT'
                            WHEN 2 THEN 'SIGNATURE_VALIDATED' ELSE 'USER_LOGGED_IN' END,
              now() - (g || ' seconds')::interval,
              jsonb_build_object('recordId', gen_random_uuid()::text, 'kind', 'pdf-revision',
                                 'pdfSha256', md5(g::text) || md5(g::text)),
              md5(g::text) || md5((g + 1)::text), md5((g + 2)::text) || md5((g + 3)::text)
         FROM generate_series(1, $1::int) g`,
      [events],
    );
    await db.query(
      `INSERT INTO audit_events (seq, type, occurred_at, payload, prev_hash, hash)
       SELECT $1::int + g, 'ARCHIVAL_RECORD_HOLD_SET', now(), jsonb_build_object('recordId', $2::text),
              md5(('r' || g)::text) || md5(('s' || g)::text), md5(('t' || g)::text) || md5(('u' || g)::text)
         FROM generate_series(1, 12) g`,
      [events, record],
    );
    await db.query(`VACUUM ANALYZE audit_events`);
    const page: number[] = [];
    const scan: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      page.push(
        await timed(async () => {
          total = (await recordEvents(db, [record], { limit: 20, offset: 0 })).total;
        }),
      );
      scan.push(await timed(() => db.query(`SELECT count(*) FROM audit_events`)));
    }
    if (total !== 12) throw new Error(`expected 12 events of the record, got ${total}`);
    const result = {
      events,
      runs,
      recordEventsPageMs: median(page),
      peerSeqScanMs: median(scan),
      ratio: median(page) / median(scan),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
    };
    console.table([
      {
        measure: 'recordEvents: page of 20 + total (median ms)',
        value: result.recordEventsPageMs.toFixed(1),
      },
      {
        measure: 'peer: SELECT count(*) FROM audit_events (median ms)',
        value: result.peerSeqScanMs.toFixed(1),
      },
      { measure: 'ratio (full scans per page)', value: result.ratio.toFixed(2) },
    ]);
    fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, 'out', 'archive-record-events.json'),
      JSON.stringify(result, null, 2),
    );
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
