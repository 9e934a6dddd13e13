import { expect } from 'chai';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { completeIncoming } from '../../../workflows/exchange/complete-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { buildReport } from '../../../workflows/reports/build-report';
import { checkRollups } from '../../../workflows/reports/check-rollups';
import { listReportDocuments } from '../../../workflows/reports/list-report-documents';
import { useTestDatabase } from '../../support/postgres';
import { generateProvince, type ProvinceWorld } from '../exchange/province-world';
import { ctxOf, FixedClock } from '../fixtures';

/**
 * Issue 13, docs/reports.md "Known gaps": an edXML arrival from another server is measured against the
 * sender's DueDate, not the unit's own deadline. The arrival is written as receiveEdxmlDocument writes it
 * (the incoming row, then its edxml_incoming row, in one transaction); the unit's leader then gives it a
 * later deadline of its own. Completed after the DueDate and before its own deadline, it counts late;
 * the rollups equal the raw rows; overdue-open follows the DueDate too.
 */
describe('workflows/reports: edXML arrivals against their DueDate', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-02-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);

  async function arrive(documentId: string, dueDate: string | null): Promise<string> {
    return t.db.transaction(async (m) => {
      const [pkg]: { id: string }[] = await m.query(
        `INSERT INTO edxml_packages (direction, kind, via, from_organ_id, document_id, business_type, sha256, size,
                                     signer_sha256, created_at)
         VALUES ('inbound', 'document', 'federation', '000.00.00.G12', $1, 0, $2, 100, $2, $3) RETURNING id`,
        [documentId, 'a'.repeat(64), clock.now()],
      );
      const [inc]: { id: string }[] = await m.query(
        `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code,
            external_document_id, document_type, notation, subject, urgency, pdf_sha256, received_at)
         VALUES ($1, $1, '000.00.00.G12', $2, 'Công văn', '12/BNV-VP', 'Về việc báo cáo', 'normal', $3, $4)
         RETURNING id`,
        [w.communeIds[0], documentId, 'b'.repeat(64), clock.now()],
      );
      await m.query(
        `INSERT INTO edxml_incoming (incoming_id, package_id, sender_organ_id, sender_organ_name, document_id,
                                     promulgation_date, due_date)
         VALUES ($1, $2, '000.00.00.G12', 'Bộ Nội vụ', $3, '2026-02-01', $4)`,
        [inc!.id, pkg!.id, documentId, dueDate],
      );
      return inc!.id;
    });
  }

  async function handle(incomingId: string, deadline: string): Promise<void> {
    await registerIncoming(as(w.communeA.clerk), { incomingId });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId });
    await assignIncoming(as(w.communeA.leader), {
      incomingId,
      leadUserId: w.communeA.specialist.userId,
      deadline,
    });
  }

  before(async () => {
    w = await generateProvince(t.db, 2);
  });

  it('counts the handling late against the DueDate although the unit’s own deadline was later', async () => {
    const withDue = await arrive('2026/BNV-0001', '2026-02-05');
    const withoutDue = await arrive('2026/BNV-0002', null);
    const stillOpen = await arrive('2026/BNV-0003', '2026-02-06');
    for (const id of [withDue, withoutDue, stillOpen]) await handle(id, '2026-02-20');
    const [row]: { sender_due_date: string | null }[] = await t.db.query(
      `SELECT sender_due_date::text FROM incoming_documents WHERE id = $1`,
      [withDue],
    );
    expect(row!.sender_due_date).to.equal('2026-02-05');

    clock.set('2026-02-10T10:00:00+07:00');
    await completeIncoming(as(w.communeA.specialist), { incomingId: withDue, note: 'xong' });
    await completeIncoming(as(w.communeA.specialist), { incomingId: withoutDue, note: 'xong' });

    clock.set('2026-03-02T09:00:00+07:00');
    const ctx = as(w.root.clerk);
    const scope = { kind: 'unit' as const, unitId: w.communeIds[0]! };
    const feb = await buildReport(ctx, { period: '2026-M02', scope });
    // The DueDate (05/02) passed: late; without one, the unit's own deadline (20/02): early.
    expect(feb.total.counts.handledLate).to.equal(1);
    expect(feb.total.counts.handledEarly).to.equal(1);
    expect(feb.total.counts.handledOnTime).to.equal(0);
    // The open one fell due on 06/02 (its DueDate), not on 20/02.
    const early = await buildReport(ctx, { period: '2026-02-01..2026-02-10', scope });
    expect(early.total.counts.overdueOpen).to.equal(1);
    const late = await listReportDocuments(ctx, {
      period: '2026-M02',
      scope,
      measure: 'handled_late',
    });
    expect(late.included.map((d) => [d.id, d.deadline])).to.deep.equal([[withDue, '2026-02-05']]);

    const check = await checkRollups(t.db, { period: '2026-Q1', window: 'calendar', today: '2026-03-02' });
    expect(check.differences).to.deep.equal([]);
  });

  it('a DueDate written after the arrival moves its counts (the trigger keeps the rollups exact)', async () => {
    const [r]: { id: string }[] = await t.db.query(
      `SELECT incoming_id AS id FROM edxml_incoming WHERE document_id = '2026/BNV-0002'`,
    );
    await t.db.query(`UPDATE edxml_incoming SET due_date = '2026-02-09' WHERE incoming_id = $1`, [r!.id]);
    const feb = await buildReport(as(w.root.clerk), {
      period: '2026-M02',
      scope: { kind: 'unit', unitId: w.communeIds[0]! },
    });
    expect(feb.total.counts.handledLate).to.equal(2);
    expect(feb.total.counts.handledEarly).to.equal(0);
    const check = await checkRollups(t.db, { period: '2026-Q1', window: 'calendar', today: '2026-03-02' });
    expect(check.differences).to.deep.equal([]);
  });
});
