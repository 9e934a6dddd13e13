import { expect } from 'chai';
import { registerPaperDocument } from '../../../workflows/documents/register-paper-document';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { completeIncoming } from '../../../workflows/exchange/complete-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { refuseIncoming } from '../../../workflows/exchange/refuse-incoming';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { buildReport, computeReport } from '../../../workflows/reports/build-report';
import { checkRollups } from '../../../workflows/reports/check-rollups';
import { listReportDocuments } from '../../../workflows/reports/list-report-documents';
import { COUNT_KEYS } from '../../../workflows/reports/measures';
import { useTestDatabase } from '../../support/postgres';
import { generateProvince, pdfDigest, sealedDocument, type ProvinceWorld } from '../exchange/province-world';
import { ctxOf, FixedClock, insertActor } from '../fixtures';

/**
 * Issue 13 items 1–4 through the domain functions: documents issued, sent, received, refused and handled
 * in Q1 2026; the report counts them from the rollups kept by the database triggers, the same as from the
 * raw rows, and every cell drills down to its documents.
 */
describe('workflows/reports: counts, rates, drill-down and the check', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-02-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);
  let incoming: { id: string; recipient_unit_id: string }[];

  before(async () => {
    w = await generateProvince(t.db, 4);
    const recipients = [
      { kind: 'unit' as const, unitId: w.communeIds[0]! },
      { kind: 'unit' as const, unitId: w.communeIds[1]! },
    ];
    for (let i = 0; i < 3; i++) {
      const doc = await sealedDocument(t.db, w, clock, { recipients, dueDate: '2026-02-10' });
      await sendDocument(as(w.root.clerk), { documentId: doc.id });
    }
    // One paper document and one classified paper document.
    await registerPaperDocument(as(w.root.clerk), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Văn bản giấy',
      pdf: pdfDigest(),
      recipients: [],
      signerUserId: w.root.leader.userId,
    } as never);
    await registerPaperDocument(as(w.root.clerk), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Văn bản mật',
      classification: 'secret',
      pdf: pdfDigest(),
      recipients: [],
      signerUserId: w.root.leader.userId,
    } as never);
    incoming = await t.db.query(
      `SELECT id, recipient_unit_id FROM incoming_documents ORDER BY received_at, recipient_unit_id`,
    );
    const ofA = incoming.filter((r) => r.recipient_unit_id === w.communeIds[0]);
    const ofB = incoming.filter((r) => r.recipient_unit_id === w.communeIds[1]);
    // Commune A: registers all three, completes one early (02/02 < 10/02), one late (11/02), leaves one open.
    for (const r of ofA) {
      await registerIncoming(as(w.communeA.clerk), { incomingId: r.id });
      await forwardForAssignment(as(w.communeA.clerk), { incomingId: r.id });
      await assignIncoming(as(w.communeA.leader), {
        incomingId: r.id,
        assigneeUserIds: [w.communeA.specialist.userId],
      });
    }
    await completeIncoming(as(w.communeA.specialist), { incomingId: ofA[0]!.id, note: 'xong' });
    clock.set('2026-02-11T10:00:00+07:00');
    await completeIncoming(as(w.communeA.specialist), { incomingId: ofA[1]!.id, note: 'muộn' });
    // Commune B refuses one.
    await refuseIncoming(as(w.communeB.clerk), { incomingId: ofB[0]!.id, reason: 'Gửi nhầm' });
    clock.set('2026-05-04T09:00:00+07:00');
  });

  it('counts the quarter for the province from the rollups, as the province writes it', async () => {
    const r = await buildReport(as(w.root.clerk), { period: '2026-Q1', scope: { kind: 'province' } });
    const root = r.units.find((u) => u.unit.id === w.rootId)!;
    expect(root.counts).to.include({
      outTotal: 5,
      outClassified: 1,
      outElectronic: 3,
      outPaper: 2,
      outSignedSeal: 3,
    });
    // Classified documents are outside the denominator: 3 electronic of 4 that could travel.
    expect(root.rates.exchange.text).to.equal('75% (3/4 văn bản đi)');
    expect(r.total.counts).to.include({
      inReceived: 6,
      inRegistered: 3,
      inRefused: 1,
      handledEarly: 1,
      handledLate: 1,
    });
    // Overdue at the end of the quarter (sender's deadline 10/02): commune A's third document, still open,
    // and commune B's two it never registered; the refused one is not due.
    expect(r.total.counts.overdueOpen).to.equal(3);
    expect(r.total.rates.handledEarly.text).to.equal('50% (1/2 văn bản đến)');
    expect(r.levels.map((l) => l.level)).to.deep.equal(['province_district', 'commune']);
    expect(r.trend.map((m) => m.counts.outTotal)).to.deep.equal([0, 5, 0]);
    // Overdue still open at each month's end: none at 01/02, three from 10/02 (the late one closed 11/02).
    expect(r.trend.map((m) => m.counts.overdueOpen)).to.deep.equal([0, 3, 3]);
    expect(r.total.usage.units).to.equal(r.units.length);
    // No paper record was digitised (countDigitisedRecords of the OCR module).
    expect(r.digitisedRecords).to.equal(0);
  });

  it('gives the same counts from the raw rows, and the check finds no difference', async () => {
    const fast = await computeReport(t.db, clock.now(), { period: '2026-Q1', scope: { kind: 'province' } });
    const raw = await computeReport(t.db, clock.now(), {
      period: '2026-Q1',
      scope: { kind: 'province' },
      source: 'raw',
    });
    for (const k of COUNT_KEYS) expect(fast.total.counts[k], k).to.equal(raw.total.counts[k]);
    // The trend, overdue per month included, from the raw rows too.
    expect(fast.trend.map((m) => m.counts)).to.deep.equal(raw.trend.map((m) => m.counts));
    expect(fast.trend.map((m) => m.counts.overdueOpen)).to.deep.equal([0, 3, 3]);
    // While February runs (today 11/02), its slice counts overdue up to today.
    const running = await computeReport(t.db, new Date('2026-02-11T12:00:00+07:00'), {
      period: '2026-Q1',
      scope: { kind: 'province' },
    });
    expect(running.trend.map((m) => m.counts.overdueOpen)).to.deep.equal([
      0,
      running.total.counts.overdueOpen,
    ]);
    const check = await checkRollups(t.db, { period: '2026-Q1', today: '2026-05-04' });
    expect(check.differences).to.deep.equal([]);
  });

  it('the check reports a rollup that no longer matches its rows', async () => {
    await t.db.query(
      `UPDATE report_daily SET out_total = out_total + 1 WHERE unit_id = $1 AND out_total > 0
        AND day = (SELECT min(day) FROM report_daily WHERE unit_id = $1 AND out_total > 0)`,
      [w.rootId],
    );
    try {
      const check = await checkRollups(t.db, { period: '2026-Q1', today: '2026-05-04' });
      expect(check.differences).to.have.length(1);
      expect(check.differences[0]).to.include({ unitId: w.rootId, measure: 'outTotal', grain: 'daily' });
      expect(check.differences[0]!.rollup - check.differences[0]!.raw).to.equal(1);
    } finally {
      await t.db.query(
        `UPDATE report_daily SET out_total = out_total - 1 WHERE unit_id = $1 AND out_total > 0
          AND day = (SELECT min(day) FROM report_daily WHERE unit_id = $1 AND out_total > 0)`,
        [w.rootId],
      );
    }
  });

  it('drills down to the documents behind a rate, the excluded ones with their reason', async () => {
    const d = await listReportDocuments(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'unit', unitId: w.rootId },
      measure: 'electronic',
    });
    expect(d.total).to.equal(3);
    expect(d.included.every((x) => x.medium === 'electronic' && x.reason === null)).to.equal(true);
    expect(d.excludedTotal).to.equal(2);
    expect(d.excluded.map((x) => x.reason!.en).sort()).to.deep.equal([
      'Classified: never sent over the network, outside the rates’ denominator',
      'Paper document (not sent electronically)',
    ]);
    const late = await listReportDocuments(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'unit', unitId: w.communeIds[0]! },
      measure: 'handled_late',
    });
    expect(late.included.map((x) => x.day)).to.deep.equal(['2026-02-11']);
    const overdue = await listReportDocuments(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'province' },
      measure: 'overdue_open',
    });
    expect(overdue.total).to.equal(3);
    expect(overdue.included.every((x) => x.deadline === '2026-02-10')).to.equal(true);
  });

  it('refuses a unit outside the caller’s scope with REPORT_SCOPE_FORBIDDEN before counting', async () => {
    const err = await buildReport(as(w.communeA.clerk), {
      period: '2026-Q1',
      scope: { kind: 'unit', unitId: w.communeIds[1]! },
    }).catch((e: unknown) => e as { code: string; details?: unknown });
    expect(err).to.have.property('code', 'REPORT_SCOPE_FORBIDDEN');
    const prov = await buildReport(as(w.communeA.clerk), {
      period: '2026-Q1',
      scope: { kind: 'province' },
    }).catch((e: unknown) => e as { code: string });
    expect(prov).to.have.property('code', 'REPORT_SCOPE_FORBIDDEN');
    const specialist = await buildReport(as(w.communeA.specialist), {
      period: '2026-Q1',
      scope: { kind: 'unit', unitId: w.communeIds[0]! },
    }).catch((e: unknown) => e as { code: string });
    expect(specialist).to.have.property('code', 'REPORT_SCOPE_FORBIDDEN');
    // Its own unit is fine.
    const own = await buildReport(as(w.communeA.clerk), {
      period: '2026-Q1',
      scope: { kind: 'unit', unitId: w.communeIds[0]! },
    });
    expect(own.total.counts.inReceived).to.equal(3);
  });

  it('a subtree holds the unit and everything below it; a level its units', async () => {
    const [district]: { parent_id: string }[] = await t.db.query(
      `SELECT parent_id FROM units WHERE id = $1`,
      [w.communeIds[0]],
    );
    const sub = await buildReport(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'subtree', unitId: district!.parent_id },
    });
    expect(sub.units.map((u) => u.unit.id)).to.include(w.communeIds[0]);
    expect(sub.units.map((u) => u.unit.level)).to.include('district');
    expect(sub.units.every((u) => u.unit.id !== w.rootId)).to.equal(true);
    const communes = await buildReport(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'level', level: 'commune' },
    });
    expect(communes.units.every((u) => u.unit.level === 'commune')).to.equal(true);
    expect(communes.total.counts.inReceived).to.equal(6);
  });

  it('a future period is empty and labelled; the Decree 09 window counts from the 15th', async () => {
    const future = await buildReport(as(w.root.clerk), { period: '2027-Q1', scope: { kind: 'province' } });
    expect(future.period.future).to.equal(true);
    expect(future.units).to.deep.equal([]);
    expect(future.total.rates.exchange.text).to.equal('— (0/0 văn bản đi)');
    expect(future.period.label.vi).to.contain('chưa có số liệu');
    // The documents were issued on 02/02: inside February's Decree 09 window (15/01–14/02)...
    const feb = await buildReport(as(w.root.clerk), {
      period: '2026-M02',
      window: 'decree09',
      scope: { kind: 'unit', unitId: w.rootId },
    });
    expect(feb.period.from).to.equal('2026-01-15');
    expect(feb.total.counts.outTotal).to.equal(5);
    // ... and outside March's (15/02–14/03).
    const mar = await buildReport(as(w.root.clerk), {
      period: '2026-M03',
      window: 'decree09',
      scope: { kind: 'unit', unitId: w.rootId },
    });
    expect(mar.total.counts.outTotal).to.equal(0);
  });

  it('counts certificates in use and units with both organisation and leader certificates', async () => {
    const leader = await insertActor(t.db, w.communeIds[2]!, 'leader-c', ['leader']);
    const cred = (owner: 'unit' | 'user', userId: string | null, unitId: string) =>
      t.db.query(
        `INSERT INTO signing_credentials (owner_kind, user_id, unit_id, kind, label, certificate_pem, subject, issuer,
           serial_hex, not_before, not_after, sha256, created_at)
         VALUES ($1, $2, $3, 'external', 'x', 'pem', 'CN=x', 'CN=ca', md5(random()::text), '2025-01-01', '2030-01-01',
                 encode(sha256(random()::text::bytea), 'hex'), '2025-06-01')`,
        [owner, userId, unitId],
      );
    await cred('unit', null, w.communeIds[2]!);
    await cred('user', leader.userId, w.communeIds[2]!);
    await cred('unit', null, w.communeIds[3]!);
    const r = await buildReport(as(w.root.clerk), {
      period: '2026-Q1',
      scope: { kind: 'level', level: 'commune' },
    });
    const c = r.units.find((u) => u.unit.id === w.communeIds[2])!;
    expect(c.usage).to.include({ organisationCertificates: 1, leaderCertificates: 1, certificates: 2 });
    expect(r.total.usage.unitsWithBothCertificates).to.be.at.least(1);
    expect(r.total.usage.unitsWithBothCertificatesRate.text).to.match(/^\d/);
  });

  it('takes units as they were: a dissolved commune keeps its history, its successor counts from its start', async () => {
    const old = await insertUnitAt('000.00.91.H97', 'Ủy ban nhân dân xã Cũ', '2020-01-01', '2025-07-01');
    const successor = await insertUnitAt('000.00.92.H97', 'Ủy ban nhân dân xã Mới', '2025-07-01', null);
    await t.db.query(`UPDATE units SET successor_id = $2 WHERE id = $1`, [old, successor]);
    // Renamed on 01/10/2025: the earlier name held from its start until then.
    await t.db.query(
      `INSERT INTO unit_history (unit_id, kind, effective_on, period_from, period_to, old_name, new_name,
         related_unit_ids, recorded_at)
       VALUES ($1, 'renamed', '2025-10-01', '2025-07-01', '2025-10-01', 'Ủy ban nhân dân xã Mới Lập', 'Ủy ban nhân dân xã Mới', '{}', now())`,
      [successor],
    );
    await t.db.query(
      `INSERT INTO registers (unit_id, direction, year, series) VALUES ($1, 'outgoing', 2025, 'normal'), ($2, 'outgoing', 2025, 'normal')`,
      [old, successor],
    );
    const issue = (unitId: string, on: string, n: number) =>
      t.db.query(
        `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
           pdf_sha256, pdf_size, created_at, updated_at, issued_at, sealed_at, signed_at, register_id, year, number)
         VALUES ($1, 'electronic', 'Công văn', 'UBND', 'Thử', 'issued', $2, repeat('f', 64), 1, $3, $3, $3, $3, $3,
                 (SELECT id FROM registers WHERE unit_id = $1 AND year = 2025), 2025, $4)`,
        [unitId, w.root.clerk.userId, on, n],
      );
    await issue(old, '2025-03-01T09:00:00+07:00', 1);
    await issue(successor, '2025-08-01T09:00:00+07:00', 1);
    const scope = { kind: 'level' as const, level: 'commune' as const };
    const year = await buildReport(as(w.root.clerk), { period: '2025', scope });
    const ids = year.units.map((u) => u.unit.id);
    expect(ids).to.include.members([old, successor]);
    expect(year.units.find((u) => u.unit.id === old)!.unit.dissolvedInPeriod).to.equal(true);
    expect(year.units.find((u) => u.unit.id === old)!.counts.outTotal).to.equal(1);
    const q1 = await buildReport(as(w.root.clerk), { period: '2025-Q1', scope });
    expect(q1.units.map((u) => u.unit.id))
      .to.include(old)
      .and.not.include(successor);
    const q3 = await buildReport(as(w.root.clerk), { period: '2025-Q3', scope });
    expect(q3.units.map((u) => u.unit.id))
      .to.include(successor)
      .and.not.include(old);
    // Q3 shows the name the successor had then.
    expect(q3.units.find((u) => u.unit.id === successor)!.unit.name).to.equal('Ủy ban nhân dân xã Mới Lập');
  });

  async function insertUnitAt(code: string, name: string, from: string, to: string | null): Promise<string> {
    const [{ parent_id }]: { parent_id: string }[] = await t.db.query(
      `SELECT parent_id FROM units WHERE id = $1`,
      [w.communeIds[0]],
    );
    const [{ id }]: { id: string }[] = await t.db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, valid_to, search_text)
       VALUES ($1, $2, 'commune', $3, $4, $5, $2) RETURNING id`,
      [code, name, parent_id, from, to],
    );
    return id;
  }
});
