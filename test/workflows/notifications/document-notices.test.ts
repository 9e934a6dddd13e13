import { expect } from 'chai';
import { remindDeadline } from '../../../workflows/exchange/remind-deadline';
import { noticeUrgent } from '../../../server/jobs/notice-urgent';
import { createDraft } from '../../../workflows/documents/create-draft';
import { returnDraft } from '../../../workflows/documents/return-draft';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { assignIncoming, DEADLINE_REMINDER_JOB } from '../../../workflows/exchange/assign-incoming';
import { claimJobs } from '../../../workflows/exchange/claim-jobs';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { reassignIncoming } from '../../../workflows/exchange/incoming-handling';
import { recallDocument } from '../../../workflows/exchange/recall-document';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { runJob } from '../../../workflows/exchange/run-job';
import { sendDocument, URGENT_NOTICE_JOB } from '../../../workflows/exchange/send-document';
import type { Actor } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { generateProvince, pdfDigest, sealedDocument, type ProvinceWorld } from '../exchange/province-world';

/**
 * The producers: each workflow step notifies the people who now have something to do, in the step's
 * own transaction (the kinds of docs/notifications.md).
 */
describe('workflows/notifications from the document workflows', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 4);
  });

  const inbox = async (a: Actor) =>
    (await t.db.query(
      `SELECT kind, subject_vi, link, urgent FROM notifications WHERE user_id = $1 ORDER BY created_at, kind`,
      [a.userId],
    )) as { kind: string; subject_vi: string; link: string; urgent: boolean }[];
  const clear = () => t.db.query(`DELETE FROM notifications`);

  it('to sign → the named signer; returned → the drafter; signed → the clerks to number and seal', async () => {
    await clear();
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: 'Về việc kiện toàn Ban chỉ đạo',
      pdf: pdfDigest(),
      signerUserId: w.root.leader.userId,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    expect(await inbox(w.root.leader)).to.deep.equal([
      {
        kind: 'outgoing.to_sign',
        subject_vi: 'Văn bản chờ ký: Về việc kiện toàn Ban chỉ đạo',
        link: `#/review/${doc.id}`,
        urgent: false,
      },
    ]);
    await returnDraft(as(w.root.leader), { documentId: doc.id, comment: 'Sửa căn cứ pháp lý' });
    expect((await inbox(w.root.specialist)).map((n) => [n.kind, n.link])).to.deep.equal([
      ['outgoing.returned', `#/drafts/${doc.id}`],
    ]);
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    expect(await inbox(w.root.leader)).to.have.length(2); // a second submission is a second notice
    await recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf: pdfDigest() });
    expect((await inbox(w.root.clerk)).map((n) => [n.kind, n.subject_vi])).to.deep.equal([
      ['outgoing.to_seal', 'Văn bản chờ cấp số, đóng dấu: Về việc kiện toàn Ban chỉ đạo'],
    ]);
    expect(await inbox(w.root.specialist)).to.have.length(1);
  });

  it('arrival → the receiving clerks (urgent flagged, and at once by the urgent job to clerks and leaders); to assign → leaders; assigned → handlers; recall → clerks and leaders', async () => {
    await clear();
    const doc = await sealedDocument(t.db, w, clock, {
      subject: 'Về việc ứng phó bão số 3',
      urgency: 'flash',
      recipients: [
        { kind: 'unit', unitId: w.communeIds[0]! },
        { kind: 'unit', unitId: w.communeIds[1]! },
      ],
    });
    await clear();
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [a] = (await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
      [doc.id, w.communeIds[0]],
    )) as { id: string }[];
    expect(await inbox(w.communeA.clerk)).to.deep.equal([
      {
        kind: 'incoming.arrived',
        subject_vi: 'Văn bản đến chờ vào sổ: Hỏa tốc — Về việc ứng phó bão số 3',
        link: `#/inbox/${a!.id}`,
        urgent: true,
      },
    ]);
    expect(await inbox(w.communeB.clerk)).to.have.length(1);
    expect(await inbox(w.communeA.leader)).to.deep.equal([]);

    const jobs = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [URGENT_NOTICE_JOB] });
    expect(jobs).to.have.length(1);
    await runJob(t.db, jobs[0]!, { [URGENT_NOTICE_JOB]: noticeUrgent }, { workerId: 'w', clock });
    expect((await inbox(w.communeA.leader)).map((n) => [n.kind, n.subject_vi, n.urgent])).to.deep.equal([
      ['incoming.urgent', 'Văn bản hỏa tốc: Về việc ứng phó bão số 3', true],
    ]);
    expect((await inbox(w.communeA.clerk)).map((n) => n.kind)).to.deep.equal([
      'incoming.arrived',
      'incoming.urgent',
    ]);

    clock.advance(60_000);
    await registerIncoming(as(w.communeA.clerk), { incomingId: a!.id });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: a!.id });
    expect((await inbox(w.communeA.leader)).map((n) => [n.kind, n.link])).to.deep.equal([
      ['incoming.urgent', `#/inbox/${a!.id}`],
      ['incoming.to_assign', `#/inbox/${a!.id}`],
    ]);
    await assignIncoming(as(w.communeA.leader), {
      incomingId: a!.id,
      assigneeUserIds: [w.communeA.specialist.userId],
      deadline: '2026-03-06',
    });
    expect(await inbox(w.communeA.specialist)).to.deep.equal([
      {
        kind: 'incoming.assigned',
        subject_vi: 'Được giao xử lý: Về việc ứng phó bão số 3 (hạn 06/03/2026)',
        link: `#/assignments/${a!.id}`,
        urgent: true,
      },
    ]);
    expect(await inbox(w.communeA.specialist2)).to.deep.equal([]);
    // Reassigned: the new lead handler is told, the one already handling it not again.
    clock.advance(60_000);
    await reassignIncoming(as(w.communeA.leader), {
      incomingId: a!.id,
      leadUserId: w.communeA.specialist2.userId,
      supportUserIds: [w.communeA.specialist.userId],
      reason: 'Chuyển đồng chí phụ trách lĩnh vực',
    });
    expect((await inbox(w.communeA.specialist2)).map((n) => [n.kind, n.link])).to.deep.equal([
      ['incoming.assigned', `#/assignments/${a!.id}`],
    ]);
    expect(await inbox(w.communeA.specialist)).to.have.length(1);

    await recallDocument(as(w.root.clerk), { documentId: doc.id, reason: 'Ban hành sai thẩm quyền' });
    expect((await inbox(w.communeB.clerk)).map((n) => [n.kind, n.subject_vi])).to.deep.include([
      'outgoing.recall_requested',
      'Yêu cầu thu hồi văn bản: Về việc ứng phó bão số 3 — lý do: Ban hành sai thẩm quyền',
    ]);
  });

  it('deadline: due today on the deadline morning to the handlers; missed the next morning to handlers and leaders, once each', async () => {
    await clear();
    const doc = await sealedDocument(t.db, w, clock, {
      subject: 'Về việc báo cáo quý I',
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [a] = (await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [doc.id])) as {
      id: string;
    }[];
    await registerIncoming(as(w.communeA.clerk), { incomingId: a!.id });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: a!.id });
    await assignIncoming(as(w.communeA.leader), {
      incomingId: a!.id,
      assigneeUserIds: [w.communeA.specialist2.userId],
      deadline: '2026-03-06',
    });
    await clear();
    const run = async (at: string) => {
      const jobs = await claimJobs(t.db, {
        workerId: 'w',
        now: new Date(at),
        kinds: [DEADLINE_REMINDER_JOB],
      });
      for (const j of jobs)
        expect(
          await runJob(
            t.db,
            j,
            { [DEADLINE_REMINDER_JOB]: remindDeadline },
            { workerId: 'w', clock: new FixedClock(new Date(at)) },
          ),
        ).to.equal('done');
      return jobs.length;
    };
    expect(await run('2026-03-05T09:00:00+07:00')).to.equal(0);
    expect(await run('2026-03-06T08:00:00+07:00')).to.be.greaterThan(0);
    expect(
      (await inbox(w.communeA.specialist2))
        .filter((n) => n.subject_vi.endsWith('quý I'))
        .map((n) => [n.kind, n.subject_vi]),
    ).to.deep.equal([
      ['incoming.deadline_approaching', 'Đến hạn xử lý hôm nay (06/03/2026): Về việc báo cáo quý I'],
    ]);
    expect(await run('2026-03-07T08:00:00+07:00')).to.be.greaterThan(0); // the missed phase queued the day before
    expect(
      (await inbox(w.communeA.specialist2)).filter((n) => n.subject_vi.endsWith('quý I')).map((n) => n.kind),
    ).to.deep.equal(['incoming.deadline_approaching', 'incoming.deadline_missed']);
    // (the leader also hears of the previous test's document, assigned with the same deadline)
    expect(
      (await inbox(w.communeA.leader))
        .filter((n) => n.subject_vi.endsWith('quý I'))
        .map((n) => [n.kind, n.subject_vi, n.urgent]),
    ).to.deep.equal([
      ['incoming.deadline_missed', 'Quá hạn xử lý (hạn 06/03/2026): Về việc báo cáo quý I', true],
    ]);
    expect((await inbox(w.communeA.specialist)).filter((n) => n.subject_vi.endsWith('quý I'))).to.deep.equal(
      [],
    );
    expect(await run('2026-03-08T08:00:00+07:00')).to.equal(0);
  });
});
