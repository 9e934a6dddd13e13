/**
 * Reports at scale (issue 13 "Speed"): `--docs` generated documents (half outgoing, half incoming
 * deliveries of them) over 5 years (2021–2025) in a province of 223 units (UBND tỉnh, 19 departments, 15
 * districts, 188 communes), rows created in bulk. Measures, in one run:
 *
 *  - the quarter report (2025-Q1) for the province, one level (communes) and one unit: p50 / p95 from the
 *    rollups beside the same report computed from the raw rows (`source: 'raw'`, with indexes on the
 *    day columns so the peer is not a straw man);
 *  - the cost the rollup triggers add to sending a document: one issued outgoing row plus 5 incoming rows
 *    in a transaction, and one completion, with the triggers on and off.
 *
 *    npx ts-node --transpile-only bench/report.ts --docs 1000000      # default; about 5 min here
 *    npx ts-node --transpile-only bench/report.ts --docs 10000000     # the size (hours on 2 cores)
 *
 * Results: a table on stdout and bench/out/report.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '../storage/db/data-source';
import { startBenchDatabase } from './bench-util';
import { computeReport } from '../workflows/reports/build-report';
import { checkRollups } from '../workflows/reports/check-rollups';
import { parseReportPeriod } from '../workflows/reports/report-period';
import { type ReportScope, unitsInScope } from '../workflows/reports/report-scope';
import { rollupCounts } from '../workflows/reports/rollup-counts';
import { usageCounts } from '../workflows/reports/usage-counts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const docs = arg('docs', 1_000_000);
  const runs = arg('runs', 30);
  const peerRuns = arg('peer-runs', 5);
  const ops = arg('ops', 300);
  const bench = await startBenchDatabase('vanban-bench-report-');
  const { db } = bench;
  const out: Record<string, unknown> = {
    docs,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
  };
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  try {
    await runMigrations(db);
    await db.query(`SET statement_timeout = 0`);
    const [{ id: root }] = await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       VALUES ('000.00.00.H41', 'Ủy ban nhân dân tỉnh Long An', 'province', NULL, '2020-01-01', 'x') RETURNING id`,
    );
    await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       SELECT format('000.00.%s.H41', lpad(g::text, 2, '0')), 'Sở ' || g, 'province', $1, '2020-01-01', 'x'
         FROM generate_series(1, 19) g`,
      [root],
    );
    await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       SELECT format('000.%s.00.H41', lpad(g::text, 2, '0')), 'UBND huyện ' || g, 'district', $1, '2020-01-01', 'x'
         FROM generate_series(1, 15) g`,
      [root],
    );
    await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       SELECT format('%s.%s.%s.H41', lpad(((g % 15) + 1)::text, 3, '0'), lpad((g / 100)::text, 2, '0'),
                     lpad((g % 100)::text, 2, '0')), 'UBND xã ' || g, 'commune',
              (SELECT id FROM units WHERE code = format('000.%s.00.H41', lpad(((g % 15) + 1)::text, 2, '0'))),
              '2020-01-01', 'x'
         FROM generate_series(1, 188) g`,
    );
    const [{ id: user }] = await db.query(
      `INSERT INTO users (username, full_name, unit_id, roles) VALUES ('bench', 'Bench', $1, '{clerk}') RETURNING id`,
      [root],
    );
    await db.query(
      `INSERT INTO registers (unit_id, direction, year, series)
       SELECT u.id, 'outgoing', y, 'normal' FROM units u, generate_series(2021, 2026) y`,
    );
    const units: { id: string; level: string; code: string }[] = await db.query(
      `SELECT id, level, code FROM units ORDER BY code`,
    );
    const unitIds = units.map((u) => u.id);
    const outgoing = Math.floor(docs / 2);
    const incoming = docs - outgoing;

    // Bulk rows with the rollup triggers off; the rollups are then built by the triggers' own fact
    // functions in one pass (and checked below against the raw rows).
    await db.query(`ALTER TABLE outgoing_documents DISABLE TRIGGER outgoing_documents_report_rollup`);
    await db.query(`ALTER TABLE incoming_documents DISABLE TRIGGER incoming_documents_report_rollup`);
    let t0 = Date.now();
    const chunk = 250_000;
    for (let from = 1; from <= outgoing; from += chunk) {
      const to = Math.min(outgoing, from + chunk - 1);
      await db.query(
        `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
           pdf_sha256, pdf_size, created_at, updated_at, issued_at, issued_on, sealed_at, signed_at, classification,
           register_id, year, number, due_date)
         SELECT u, CASE WHEN g % 50 = 0 THEN 'paper' ELSE 'electronic' END, 'Công văn', 'UBND', 'Văn bản thử', 'issued',
                $2, repeat('c', 64), 1, ts, ts, ts, (ts AT TIME ZONE INTERVAL '+07:00')::date,
                CASE WHEN g % 50 = 0 OR g % 2500 = 1 THEN NULL ELSE ts END, ts,
                CASE WHEN g % 50 = 0 AND g % 100 = 0 AND g % 300 = 0 THEN 'secret' ELSE 'none' END,
                (SELECT r.id FROM registers r WHERE r.unit_id = u AND r.direction = 'outgoing' AND r.document_type = ''
                    AND r.series = 'normal' AND r.year = extract(year FROM ts AT TIME ZONE INTERVAL '+07:00')::int),
                extract(year FROM ts AT TIME ZONE INTERVAL '+07:00')::int, g,
                CASE WHEN g % 3 = 0 THEN (ts AT TIME ZONE INTERVAL '+07:00')::date + 7 END
           FROM generate_series($3::int, $4::int) g,
                LATERAL (SELECT ($1::uuid[])[1 + (hashint4(g) & 2147483647) % $5] AS u,
                                timestamptz '2021-01-01 00:00+07' + ((hashint4(g + 7) & 2147483647) % (5 * 365 * 86400)) * interval '1 second' AS ts) x`,
        [unitIds, user, from, to, unitIds.length],
      );
      log(`outgoing ${to}/${outgoing}`);
    }
    const outgoingMs = Date.now() - t0;
    t0 = Date.now();
    await db.query(
      `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation,
         subject, urgency, pdf_sha256, received_at, registered_at, status_code, deadline, completed_at, assigned_at,
         refusal_reason)
       SELECT r, r, o.id, o.document_type, o.notation, o.subject, 'normal', o.pdf_sha256, o.issued_at + interval '5 minutes',
              CASE WHEN k % 40 <> 0 THEN o.issued_at + interval '1 hour' END,
              CASE WHEN k % 40 = 0 THEN '02' WHEN done THEN '06' ELSE '05' END,
              CASE WHEN k % 40 <> 0 THEN (o.issued_at AT TIME ZONE INTERVAL '+07:00')::date + 5 END,
              CASE WHEN done THEN o.issued_at + ((k % 9) * interval '1 day') END,
              CASE WHEN k % 40 <> 0 THEN o.issued_at + interval '2 hours' END,
              CASE WHEN k % 40 = 0 THEN 'Gửi nhầm' END
         FROM (SELECT d.*, row_number() OVER () AS k FROM outgoing_documents d LIMIT $2) o,
              LATERAL (SELECT ($1::uuid[])[1 + (hashint4(o.k::int + 11) & 2147483647) % $3] AS r,
                              (o.k % 40 <> 0 AND o.issued_at < timestamptz '2025-12-20') AS done) x`,
      [unitIds, incoming, unitIds.length],
    );
    const incomingMs = Date.now() - t0;
    log(`incoming ${incoming} in ${incomingMs} ms`);
    t0 = Date.now();
    // Set-based: the triggers' fact functions over every row, summed per unit and day, then per month.
    await db.query(
      `INSERT INTO report_daily (unit_id, day, out_total, out_classified, out_electronic, out_paper, out_signed_seal, out_signed_leader, in_received, in_registered, in_refused, in_returned, handled_early, handled_on_time, handled_late, handling_seconds, due_count, closed_count)
       SELECT unit_id, day, sum(vec[1]), sum(vec[2]), sum(vec[3]), sum(vec[4]), sum(vec[5]), sum(vec[6]), sum(vec[7]), sum(vec[8]), sum(vec[9]), sum(vec[10]), sum(vec[11]), sum(vec[12]), sum(vec[13]), sum(vec[14]), sum(vec[15]), sum(vec[16])
         FROM (SELECT f.* FROM outgoing_documents d, report_outgoing_facts(d) f
               UNION ALL SELECT f.* FROM incoming_documents d, report_incoming_facts(d) f) x
        GROUP BY unit_id, day`,
    );
    await db.query(
      `INSERT INTO report_monthly (unit_id, month, out_total, out_classified, out_electronic, out_paper, out_signed_seal, out_signed_leader, in_received, in_registered, in_refused, in_returned, handled_early, handled_on_time, handled_late, handling_seconds, due_count, closed_count)
       SELECT unit_id, date_trunc('month', day)::date, sum(out_total), sum(out_classified), sum(out_electronic), sum(out_paper), sum(out_signed_seal), sum(out_signed_leader), sum(in_received), sum(in_registered), sum(in_refused), sum(in_returned), sum(handled_early), sum(handled_on_time), sum(handled_late), sum(handling_seconds), sum(due_count), sum(closed_count)
         FROM report_daily GROUP BY unit_id, date_trunc('month', day)`,
    );
    const rollupBuildMs = Date.now() - t0;
    log(`rollups built in ${rollupBuildMs} ms`);
    await db.query(`ALTER TABLE outgoing_documents ENABLE TRIGGER outgoing_documents_report_rollup`);
    await db.query(`ALTER TABLE incoming_documents ENABLE TRIGGER incoming_documents_report_rollup`);
    // Indexes for the raw peer, so that it reads only the period's rows.
    t0 = Date.now();
    await db.query(`CREATE INDEX bench_out_day ON outgoing_documents (issued_on)`);
    await db.query(`CREATE INDEX bench_in_received ON incoming_documents (received_at)`);
    await db.query(`CREATE INDEX bench_in_completed ON incoming_documents (completed_at)`);
    await db.query(`ANALYZE`);
    log(`peer indexes + analyze in ${Date.now() - t0} ms`);
    const [{ n }] = await db.query(`SELECT sum(out_total) + sum(in_received) AS n FROM report_monthly`);
    out.rows = { outgoing, incoming, rollupRowsCounted: Number(n), outgoingMs, incomingMs, rollupBuildMs };

    const check = await checkRollups(db, { period: '2025-Q1', today: '2026-01-20' });
    out.check = { period: '2025-Q1', differences: check.differences.length };
    log(`check 2025-Q1: ${check.differences.length} differences`);

    const now = new Date('2026-01-20T09:00:00+07:00');
    const district = units.find((u) => u.level === 'district')!;
    const scopes: [string, ReportScope][] = [
      ['province', { kind: 'province' }],
      ['level (communes)', { kind: 'level', level: 'commune' }],
      ['unit (one district)', { kind: 'unit', unitId: district.id }],
    ];
    const rows: Record<string, unknown>[] = [];
    for (const [name, scope] of scopes) {
      for (let i = 0; i < 3; i++) await computeReport(db, now, { period: '2025-Q1', scope });
      const fast: number[] = [];
      for (let i = 0; i < runs; i++)
        fast.push(await timed(() => computeReport(db, now, { period: '2025-Q1', scope })));
      const raw: number[] = [];
      for (let i = 0; i < peerRuns; i++)
        raw.push(await timed(() => computeReport(db, now, { period: '2025-Q1', scope, source: 'raw' })));
      const row = {
        scope: name,
        rollupP50: pct(fast, 50),
        rollupP95: pct(fast, 95),
        rawP50: pct(raw, 50),
        rawP95: pct(raw, 95),
        ratio: pct(raw, 50) / pct(fast, 50),
      };
      rows.push(row);
      log(
        `${name}: rollups p50 ${row.rollupP50.toFixed(1)} ms p95 ${row.rollupP95.toFixed(1)} ms | raw p50 ${row.rawP50.toFixed(0)} ms p95 ${row.rawP95.toFixed(0)} ms | ×${row.ratio.toFixed(1)}`,
      );
    }
    out.quarter = rows;
    // Where the time of one province quarter goes.
    const period = parseReportPeriod('2025-Q1', 'calendar', '2026-01-20');
    const parts: Record<string, number> = {};
    for (let i = 0; i < 5; i++) {
      parts.unitsInScope = await timed(() => unitsInScope(db, { kind: 'province' }, period));
      parts.rollupCounts = await timed(() =>
        rollupCounts(db, { unitIds, from: period.from, to: period.to, overdueAt: period.to }),
      );
      parts.usageCounts = await timed(() => usageCounts(db, unitIds, new Date('2025-04-01T00:00:00+07:00')));
    }
    out.parts = parts;
    log(`parts: ${JSON.stringify(parts)}`);

    // The cost on sending: one issued outgoing row and its 5 deliveries in a transaction, then one
    // completion; triggers on versus off, alternating blocks.
    const send = async (): Promise<number> =>
      timed(() =>
        db.transaction(async (m) => {
          const [{ id }] = await m.query(
            `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
               pdf_sha256, pdf_size, created_at, updated_at, issued_at, issued_on, sealed_at, signed_at,
               register_id, year, number, due_date)
             VALUES ($1, 'electronic', 'Công văn', 'UBND', 'Gửi thử', 'issued', $2, repeat('d', 64), 1, now(), now(), now(),
                     current_date, now(), now(), (SELECT id FROM registers WHERE unit_id = $1 AND year = 2026),
                     2026, nextval('bench_numbers'), current_date + 7) RETURNING id`,
            [root, user],
          );
          const rs: { id: string }[] = await m.query(
            `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation,
               subject, urgency, pdf_sha256, received_at)
             SELECT u, u, $1, 'Công văn', 'UBND', 'Gửi thử', 'normal', repeat('d', 64), now()
               FROM unnest($2::uuid[]) u RETURNING id`,
            [id, unitIds.slice(40, 45)],
          );
          await m.query(
            `UPDATE incoming_documents SET status_code = '06', registered_at = now(), completed_at = now() WHERE id = $1`,
            [rs[0]!.id],
          );
        }),
      );
    await db.query(`CREATE SEQUENCE bench_numbers START 1`);
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 20; i++) await send();
    for (let block = 0; block < 6; block++) {
      const triggersOn = block % 2 === 0;
      const verb = triggersOn ? 'ENABLE' : 'DISABLE';
      await db.query(`ALTER TABLE outgoing_documents ${verb} TRIGGER outgoing_documents_report_rollup`);
      await db.query(`ALTER TABLE incoming_documents ${verb} TRIGGER incoming_documents_report_rollup`);
      for (let i = 0; i < ops / 6; i++) (triggersOn ? on : off).push(await send());
    }
    await db.query(`ALTER TABLE outgoing_documents ENABLE TRIGGER outgoing_documents_report_rollup`);
    await db.query(`ALTER TABLE incoming_documents ENABLE TRIGGER incoming_documents_report_rollup`);
    out.send = {
      withRollupsP50: pct(on, 50),
      withRollupsP95: pct(on, 95),
      withoutP50: pct(off, 50),
      withoutP95: pct(off, 95),
      addedP50: pct(on, 50) - pct(off, 50),
      ratio: pct(on, 50) / pct(off, 50),
    };
    log(
      `send (1 outgoing + 5 deliveries + 1 completion): with rollups p50 ${pct(on, 50).toFixed(2)} ms, without ${pct(off, 50).toFixed(2)} ms (×${(pct(on, 50) / pct(off, 50)).toFixed(2)})`,
    );
    fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'out', 'report.json'), JSON.stringify(out, null, 2));
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await bench.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
