import { expect } from 'chai';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { answerRecall } from '../../../workflows/exchange/answer-recall';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { completeIncoming } from '../../../workflows/exchange/complete-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { incomingRepository } from '../../../workflows/exchange/incoming-repository';
import { recallDocument } from '../../../workflows/exchange/recall-document';
import { listRecipientStatus } from '../../../workflows/exchange/recipient-status';
import { refuseIncoming } from '../../../workflows/exchange/refuse-incoming';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { codeOf, generateProvince, sealedDocument, type ProvinceWorld } from './province-world';

describe('workflows/exchange incoming lifecycle and the sender’s per-recipient view', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 4);
  });

  /** Sends a new document of the root to communes A and B; returns the ids of their incoming records. */
  async function deliver(): Promise<{ documentId: string; a: string; b: string }> {
    const doc = await sealedDocument(t.db, w, clock, {
      recipients: [
        { kind: 'unit', unitId: w.communeIds[0]! },
        { kind: 'unit', unitId: w.communeIds[1]! },
      ],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const rows: { id: string; recipient_unit_id: string }[] = await t.db.query(
      `SELECT id, recipient_unit_id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const of = (u: string) => rows.find((r) => r.recipient_unit_id === u)!.id;
    return { documentId: doc.id, a: of(w.communeIds[0]!), b: of(w.communeIds[1]!) };
  }

  it('runs 01 → 03 → 04 → 05 → 06, and the sender sees every status of each recipient with its time', async () => {
    const { documentId, a, b } = await deliver();
    clock.advance(3600_000);
    const registered = await registerIncoming(as(w.communeA.clerk), { incomingId: a });
    expect(registered.statusCode).to.equal('03');
    expect(registered.incomingNumber).to.equal(1);
    // Decree 30 writes incoming numbers below 10 with a leading zero, through the one formatter.
    expect(registered.incomingNumberText).to.equal('01');
    expect(registered.year).to.equal(2026);
    clock.advance(60_000);
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: a });
    clock.advance(60_000);
    const assigned = await assignIncoming(as(w.communeA.leader), {
      incomingId: a,
      assigneeUserIds: [w.communeA.specialist.userId],
      deadline: '2026-03-06',
    });
    expect(assigned.statusCode).to.equal('05');
    expect(assigned.deadline).to.equal('2026-03-06');
    clock.set('2026-03-04T10:00:00+07:00');
    const done = await completeIncoming(as(w.communeA.specialist), { incomingId: a, note: 'Đã báo cáo' });
    expect(done.statusCode).to.equal('06');
    expect(done.handlingResult).to.equal('early');

    const view = await listRecipientStatus(as(w.root.clerk), { documentId });
    const ofA = view.find((r) => r.incomingId === a)!;
    expect(ofA.statusCode).to.equal('06');
    expect(ofA.incomingNumber).to.equal(1);
    expect(ofA.events.map((e) => e.code)).to.deep.equal(['01', '03', '04', '05', '06']);
    expect(ofA.events[0]!.at.toISOString()).to.equal('2026-03-02T02:00:00.000Z');
    expect(ofA.events[4]!.at.toISOString()).to.equal('2026-03-04T03:00:00.000Z');
    expect(ofA.events[4]!.note).to.equal('Đã báo cáo');
    const ofB = view.find((r) => r.incomingId === b)!;
    expect(ofB.events.map((e) => e.code)).to.deep.equal(['01']);

    // A reminder is queued for the morning of the deadline.
    const jobs: { run_at: Date }[] = await t.db.query(
      `SELECT run_at FROM jobs WHERE kind = 'incoming.deadline_reminder' AND payload->>'incomingId' = $1`,
      [a],
    );
    expect(jobs.map((j) => j.run_at.toISOString())).to.deep.equal(['2026-03-06T01:00:00.000Z']);
    expect((await verifyAuditChain(t.db)).ok).to.equal(true);
    clock.set('2026-03-02T09:00:00+07:00');
  });

  it('numbers incoming documents sequentially per recipient unit and year', async () => {
    const first = await deliver();
    const second = await deliver();
    const n1 = (await registerIncoming(as(w.communeB.clerk), { incomingId: first.b })).incomingNumber;
    const n2 = (await registerIncoming(as(w.communeB.clerk), { incomingId: second.b })).incomingNumber;
    expect([n1, n2]).to.deep.equal([1, 2]);
  });

  it('records the refusal reason (02) and reports it to the sender', async () => {
    const { documentId, b } = await deliver();
    expect(await codeOf(refuseIncoming(as(w.communeB.clerk), { incomingId: b, reason: ' ' }))).to.equal(
      'DOCUMENT_INVALID',
    );
    const refused = await refuseIncoming(as(w.communeB.clerk), { incomingId: b, reason: 'Gửi nhầm đơn vị' });
    expect(refused.statusCode).to.equal('02');
    expect(refused.refusalReason).to.equal('Gửi nhầm đơn vị');
    const view = await listRecipientStatus(as(w.root.clerk), { documentId });
    const ev = view.find((r) => r.incomingId === b)!.events;
    expect(ev.map((e) => [e.code, e.note])).to.deep.equal([
      ['01', null],
      ['02', 'Gửi nhầm đơn vị'],
    ]);
  });

  it('refuses illegal transitions with INCOMING_STATE_INVALID and writes no status event', async () => {
    const { a } = await deliver();
    expect(await codeOf(forwardForAssignment(as(w.communeA.clerk), { incomingId: a }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    expect(await codeOf(completeIncoming(as(w.communeA.specialist), { incomingId: a }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    await registerIncoming(as(w.communeA.clerk), { incomingId: a });
    expect(await codeOf(registerIncoming(as(w.communeA.clerk), { incomingId: a }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    expect(await codeOf(refuseIncoming(as(w.communeA.clerk), { incomingId: a, reason: 'muộn' }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    expect(await codeOf(answerRecall(as(w.communeA.clerk), { incomingId: a, accept: true }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    const ev: { code: string }[] = await t.db.query(
      `SELECT code FROM status_events WHERE incoming_id = $1 ORDER BY id`,
      [a],
    );
    expect(ev.map((e) => e.code)).to.deep.equal(['01', '03']);
  });

  it('answers INCOMING_NOT_FOUND to another unit, FORBIDDEN to the wrong role, and only assignees complete', async () => {
    const { a } = await deliver();
    expect(await codeOf(registerIncoming(as(w.communeB.clerk), { incomingId: a }))).to.equal(
      'INCOMING_NOT_FOUND',
    );
    expect(await codeOf(registerIncoming(as(w.root.clerk), { incomingId: a }))).to.equal('FORBIDDEN');
    expect(await codeOf(registerIncoming(as(w.communeA.specialist), { incomingId: a }))).to.equal(
      'FORBIDDEN',
    );
    await registerIncoming(as(w.communeA.clerk), { incomingId: a });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: a });
    expect(
      await codeOf(
        assignIncoming(as(w.communeA.leader), { incomingId: a, assigneeUserIds: [w.communeB.clerk.userId] }),
      ),
    ).to.equal('DOCUMENT_INVALID');
    await assignIncoming(as(w.communeA.leader), {
      incomingId: a,
      assigneeUserIds: [w.communeA.specialist.userId],
    });
    expect(await codeOf(completeIncoming(as(w.communeA.specialist2), { incomingId: a }))).to.equal(
      'INCOMING_NOT_ASSIGNEE',
    );
    const fresh = (await deliver()).a;
    await registerIncoming(as(w.communeA.clerk), { incomingId: fresh });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: fresh });
    const past = await assignIncoming(as(w.communeA.leader), {
      incomingId: fresh,
      assigneeUserIds: [w.communeA.specialist.userId],
      deadline: '2026-03-01',
    }).catch((e: { code: string; details: unknown }) => [e.code, e.details]);
    expect(past).to.deep.equal(['DOCUMENT_INVALID', { field: 'deadline' }]);
  });

  it('records late and on-time completion against the deadline', async () => {
    for (const [completeOn, expected] of [
      ['2026-03-03T16:59:00+07:00', 'on_time'],
      ['2026-03-04T00:30:00+07:00', 'late'],
    ] as const) {
      clock.set('2026-03-02T09:00:00+07:00');
      const { a } = await deliver();
      await registerIncoming(as(w.communeA.clerk), { incomingId: a });
      await forwardForAssignment(as(w.communeA.clerk), { incomingId: a });
      await assignIncoming(as(w.communeA.leader), {
        incomingId: a,
        assigneeUserIds: [w.communeA.specialist.userId],
        deadline: '2026-03-03',
      });
      clock.set(completeOn);
      const done = await completeIncoming(as(w.communeA.specialist), { incomingId: a });
      expect(done.handlingResult, completeOn).to.equal(expected);
    }
    clock.set('2026-03-02T09:00:00+07:00');
  });

  it('recalls an issued document from every recipient (13); each answers 15 or 16, visible to the sender', async () => {
    const { documentId, a, b } = await deliver();
    expect(await codeOf(recallDocument(as(w.communeA.clerk), { documentId, reason: 'x' }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    const recalled = await recallDocument(as(w.root.clerk), { documentId, reason: 'Sai thể thức' });
    expect(recalled.recipients).to.equal(2);
    expect(recalled.document.status).to.equal('recalled');
    expect((await incomingRepository.findById(t.db, a))!.recallCode).to.equal('13');
    await answerRecall(as(w.communeA.clerk), { incomingId: a, accept: true });
    await answerRecall(as(w.communeB.clerk), { incomingId: b, accept: false, note: 'Đã xử lý xong' });
    expect(await codeOf(answerRecall(as(w.communeA.clerk), { incomingId: a, accept: false }))).to.equal(
      'INCOMING_STATE_INVALID',
    );
    const view = await listRecipientStatus(as(w.root.clerk), { documentId });
    expect(view.find((r) => r.incomingId === a)!.events.map((e) => e.code)).to.deep.equal(['01', '13', '15']);
    expect(view.find((r) => r.incomingId === b)!.recallCode).to.equal('16');
    expect(await codeOf(recallDocument(as(w.root.clerk), { documentId, reason: 'lần hai' }))).to.equal(
      'DOCUMENT_STATE_INVALID',
    );
  });
});
