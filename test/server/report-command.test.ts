import { expect } from 'chai';
import { runCli } from '../../server/cli/main';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertActor, insertUnit } from '../workflows/fixtures';

/**
 * `vanban report check` (issue 13 item 4): after documents are issued, received, changed and deleted, the
 * rollups kept by the triggers equal the counts recomputed from the raw rows (exit 0); a rollup changed
 * behind the triggers' back is reported with its unit, month and measure (exit 1, REPORT_ROLLUPS_DIFFER).
 */
describe('vanban report check', function () {
  this.timeout(120_000);
  let t: TestDatabase;
  const saved = process.env.DATABASE_URL;

  before(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    const root = await insertUnit(t.db, {
      code: '000.00.00.H98',
      name: 'UBND tỉnh Kiểm Tra',
      level: 'province',
    });
    const communes: string[] = [];
    for (let i = 1; i <= 3; i++)
      communes.push(
        await insertUnit(t.db, {
          code: `000.00.0${i}.H98`,
          name: `UBND xã ${i}`,
          level: 'commune',
          parentId: root,
        }),
      );
    const clerk = await insertActor(t.db, root, 'rc.clerk', ['clerk']);
    await t.db.query(
      `INSERT INTO registers (unit_id, direction, year, series) SELECT id, 'outgoing', 2025, 'normal' FROM units`,
    );
    // 300 outgoing documents over 2025 (random medium, seal, classification), each delivered to a commune
    // with a deadline, some handled, some refused, some recalled.
    await t.db.query(
      `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
         pdf_sha256, pdf_size, created_at, updated_at, issued_at, sealed_at, signed_at, classification,
         register_id, year, number, due_date)
       SELECT $1, CASE WHEN g % 7 = 0 THEN 'paper' ELSE 'electronic' END, 'Công văn', 'UBND', 'Thử', 'issued', $2,
              repeat('b', 64), 1, ts, ts, ts, CASE WHEN g % 11 = 0 THEN NULL ELSE ts END, ts,
              CASE WHEN g % 7 = 0 AND g % 2 = 0 THEN 'secret' ELSE 'none' END,
              (SELECT id FROM registers WHERE unit_id = $1), 2025, g,
              CASE WHEN g % 3 = 0 THEN NULL ELSE ((ts AT TIME ZONE INTERVAL '+07:00')::date + (g % 20)) END
         FROM generate_series(1, 300) g,
              LATERAL (SELECT timestamptz '2025-01-01 08:00+07' + (g * interval '29 hours') AS ts) x`,
      [root, clerk.userId],
    );
    await t.db.query(
      `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation,
         subject, urgency, pdf_sha256, received_at)
       SELECT u, u, d.id, d.document_type, d.notation, d.subject, 'normal', d.pdf_sha256, d.issued_at + interval '1 hour'
         FROM outgoing_documents d, LATERAL (SELECT ($2::uuid[])[1 + d.number % 3] AS u) r
        WHERE d.medium = 'electronic' AND d.unit_id = $1`,
      [root, communes],
    );
    await t.db
      .query(`UPDATE incoming_documents SET status_code = '02', refusal_reason = 'x' WHERE incoming_number IS NULL
                        AND extract(minute FROM received_at) = 0 AND random() < 0.1`);
    await t.db.query(
      `UPDATE incoming_documents SET status_code = '06', registered_at = received_at, deadline = (received_at::date + 5),
              completed_at = received_at + (random() * interval '12 days')
        WHERE status_code = '01' AND random() < 0.7`,
    );
    await t.db.query(
      `UPDATE incoming_documents SET recall_code = '15' WHERE status_code = '01' AND random() < 0.2`,
    );
    await t.db
      .query(`UPDATE outgoing_documents SET status = 'recalled', recalled_at = issued_at + interval '1 day'
                        WHERE number % 13 = 0`);
    await t.db.query(
      `DELETE FROM incoming_documents WHERE id IN (SELECT id FROM incoming_documents LIMIT 5)`,
    );
  });
  after(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await t?.drop();
  });

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['node', 'vanban', 'report', 'check', ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('finds no difference between the rollups and the raw rows, calendar and Decree 09 windows', async () => {
    const [n]: { n: string }[] = await t.db.query(`SELECT sum(out_total) AS n FROM report_daily`);
    expect(Number(n!.n)).to.equal(300);
    for (const args of [
      ['--period', '2025'],
      ['--period', '2025', '--window', 'decree09'],
      ['--period', '2025-02-10..2025-08-20'],
    ]) {
      const r = await run(...args);
      expect(r.code, r.out + r.err).to.equal(0);
      expect(r.out).to.contain('Không có chênh lệch / no difference');
    }
  });

  it('reports a rollup changed behind the triggers’ back, and exits 1', async () => {
    await t.db.query(`UPDATE report_monthly SET handled_late = handled_late + 2
                       WHERE month = '2025-03-01' AND unit_id = (SELECT unit_id FROM report_monthly WHERE month = '2025-03-01' LIMIT 1)`);
    const r = await run('--period', '2025-Q1');
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/2025-03-01\.\.2025-04-01 handledLate \(mixed\): rollup \d+, raw \d+/);
    expect(r.err).to.contain('REPORT_ROLLUPS_DIFFER');
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await run('--period', '2025-03-01..2025-01-01');
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('REPORT_PERIOD_INVALID');
  });
});
