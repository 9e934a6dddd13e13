import { expect } from 'chai';
import { REPORT_ISSUE_JOB, reportJobs } from '../../server/jobs/report-jobs';
import type { Job } from '../../workflows/exchange/job';
import { issueEndedReports, lastEndedPeriod } from '../../workflows/reports/issued-reports';
import { useTestDatabase } from '../support/postgres';
import { insertActor, insertUnit } from '../workflows/fixtures';

/**
 * Scheduled reports (issue 13 item 5): at the end of a period its report is issued for every unit, the
 * unit's leaders are notified, and the issued report stays as it was issued when later changes reach the
 * period.
 */
describe('scheduled reports (reports.issue)', () => {
  const t = useTestDatabase();
  let root: string;
  let commune: string;
  let leaderId: string;

  async function issue(unitId: string, on: string): Promise<void> {
    await t.db.query(
      `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
         pdf_sha256, pdf_size, created_at, updated_at, issued_at, sealed_at, signed_at, register_id, year, number)
       VALUES ($1, 'electronic', 'Công văn', 'UBND', 'Thử', 'issued', $2, repeat('e', 64), 1, $3, $3, $3, $3, $3,
               (SELECT id FROM registers WHERE unit_id = $1), 2025,
               (SELECT count(*) + 1 FROM outgoing_documents WHERE unit_id = $1))`,
      [unitId, leaderId, on],
    );
  }

  before(async () => {
    root = await insertUnit(t.db, { code: '000.00.00.H96', name: 'UBND tỉnh Lịch', level: 'province' });
    commune = await insertUnit(t.db, {
      code: '000.00.01.H96',
      name: 'UBND xã Hẹn',
      level: 'commune',
      parentId: root,
    });
    leaderId = (await insertActor(t.db, commune, 'hen.leader', ['leader'])).userId;
    await insertActor(t.db, commune, 'hen.clerk', ['clerk']);
    await t.db.query(
      `INSERT INTO registers (unit_id, direction, year, series) SELECT id, 'outgoing', 2025, 'normal' FROM units`,
    );
    await issue(commune, '2025-02-10T09:00:00+07:00');
    await issue(commune, '2025-03-20T09:00:00+07:00');
  });

  it('names the last ended period of each kind', () => {
    expect(lastEndedPeriod('quarter', 'calendar', '2025-04-02')).to.equal('2025-Q1');
    expect(lastEndedPeriod('quarter', 'calendar', '2025-03-31')).to.equal('2024-Q4');
    expect(lastEndedPeriod('quarter', 'decree09', '2025-03-15')).to.equal('2025-Q1');
    expect(lastEndedPeriod('year', 'decree09', '2025-12-15')).to.equal('2025');
    expect(lastEndedPeriod('month', 'calendar', '2025-01-01')).to.equal('2024-M12');
  });

  it('issues the period’s report for every unit once, notifies the leaders, and keeps it as issued', async () => {
    const now = new Date('2025-04-02T08:00:00+07:00');
    const handler = reportJobs().handlers[REPORT_ISSUE_JOB]!;
    await t.db.transaction((m) =>
      handler(m, { id: 'j1', kind: REPORT_ISSUE_JOB, payload: {} } as unknown as Job, now),
    );
    const rows: {
      unit_id: string;
      period_key: string;
      report: { total: { counts: { outTotal: number } } };
    }[] = await t.db.query(
      `SELECT unit_id, period_key, report FROM issued_reports WHERE period_key = 'calendar:2025-Q1'`,
    );
    expect(rows.map((r) => r.unit_id).sort()).to.deep.equal([root, commune].sort());
    const mine = rows.find((r) => r.unit_id === commune)!;
    expect(mine.report.total.counts.outTotal).to.equal(2);
    // Decree 09 Q1 (15/12–14/03): only the February document.
    const [d09]: { report: { total: { counts: { outTotal: number } } } }[] = await t.db.query(
      `SELECT report FROM issued_reports WHERE unit_id = $1 AND period_key = 'decree09:2025-Q1'`,
      [commune],
    );
    expect(d09!.report.total.counts.outTotal).to.equal(1);
    const notes: { kind: string; subject_vi: string }[] = await t.db.query(
      `SELECT kind, subject_vi FROM notifications WHERE user_id = $1 AND kind = 'report.issued'`,
      [leaderId],
    );
    expect(notes.length).to.be.greaterThan(0);
    expect(notes.map((n) => n.subject_vi).join('\n')).to.contain('Quý I năm 2025');
    // The next job is queued for the next hour.
    const [next]: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM jobs WHERE kind = $1`, [
      REPORT_ISSUE_JOB,
    ]);
    expect(Number(next!.n)).to.equal(1);

    // A late change to the period, and the job again: nothing new, the issued report unchanged.
    await issue(commune, '2025-03-25T09:00:00+07:00');
    const again = await t.db.transaction((m) => issueEndedReports(m, new Date('2025-04-02T09:00:00+07:00')));
    expect(again).to.equal(0);
    const [still]: { report: { total: { counts: { outTotal: number } } } }[] = await t.db.query(
      `SELECT report FROM issued_reports WHERE unit_id = $1 AND period_key = 'calendar:2025-Q1'`,
      [commune],
    );
    expect(still!.report.total.counts.outTotal).to.equal(2);
    const err = await t.db
      .query(`UPDATE issued_reports SET report = '{}'::jsonb WHERE unit_id = $1`, [commune])
      .catch((e: Error) => e);
    expect(String(err)).to.contain('issued reports are immutable');
  });
});
