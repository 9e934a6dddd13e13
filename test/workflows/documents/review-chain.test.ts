import { expect } from 'chai';
import type { Actor } from '../../../workflows/context';
import { createDraft } from '../../../workflows/documents/create-draft';
import { getOutgoing } from '../../../workflows/documents/get-outgoing';
import { listOutgoing } from '../../../workflows/documents/list-outgoing';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { listReviewers, reviewDraft } from '../../../workflows/documents/review-chain';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor } from '../fixtures';
import { codeOf, generateProvince, pdfDigest, type ProvinceWorld } from '../exchange/province-world';

describe('workflows/documents review chain before the leader (trình duyệt, issue 14 item 6)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  let head: Actor;
  let deputy: Actor;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 2);
    head = await insertActor(t.db, w.rootId, 'tp.tinh', ['specialist']);
    deputy = await insertActor(t.db, w.rootId, 'pcvp.tinh', ['leader']);
  });

  async function draft(subject: string) {
    return createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject,
      pdf: pdfDigest(),
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
  }
  const steps = async (documentId: string, actor: Actor = w.root.leader) =>
    (await getOutgoing(as(actor), { documentId })).review.map((s) => [s.reviewer.id, s.state, s.comment]);

  it('passes the draft through the reviewers in order; the leader signs only when the chain is done', async () => {
    const doc = await draft('Về việc góp ý dự thảo quy chế');
    await submitForReview(as(w.root.specialist), {
      documentId: doc.id,
      reviewerUserIds: [head.userId, deputy.userId],
    });
    expect(await steps(doc.id)).to.deep.equal([
      [head.userId, 'pending', null],
      [deputy.userId, 'pending', null],
    ]);
    // The leader's list waits for the chain; the head of department has the turn.
    const toSign = await listOutgoing(as(w.root.leader), { box: 'to_sign' });
    expect(toSign.items.map((d) => d.id)).to.not.include(doc.id);
    expect((await listOutgoing(as(head), { box: 'to_review' })).items.map((d) => d.id)).to.deep.equal([
      doc.id,
    ]);
    expect((await listOutgoing(as(deputy), { box: 'to_review' })).items).to.deep.equal([]);
    expect((await getOutgoing(as(w.root.leader), { documentId: doc.id })).allowedActions).to.not.include(
      'sign',
    );
    expect((await getOutgoing(as(head), { documentId: doc.id })).allowedActions).to.include('review');

    expect(
      await codeOf(recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf: pdfDigest() })),
    ).to.equal('REVIEW_PENDING');
    expect(await codeOf(reviewDraft(as(deputy), { documentId: doc.id, decision: 'approve' }))).to.equal(
      'REVIEW_NOT_YOUR_TURN',
    );
    await reviewDraft(as(head), { documentId: doc.id, decision: 'approve', comment: 'Đồng ý' });
    expect(
      await codeOf(recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf: pdfDigest() })),
    ).to.equal('REVIEW_PENDING');
    const last = await reviewDraft(as(deputy), { documentId: doc.id, decision: 'approve' });
    expect(last.steps.map((s) => s.state)).to.deep.equal(['approved', 'approved']);
    expect((await getOutgoing(as(w.root.leader), { documentId: doc.id })).allowedActions).to.include('sign');
    const signed = await recordLeaderSignature(as(w.root.leader), {
      documentId: doc.id,
      signedPdf: pdfDigest(),
    });
    expect(signed.status).to.equal('signed');

    const audit: { actor_user_id: string; payload: { seq: number; decision: string } }[] = await t.db.query(
      `SELECT actor_user_id, payload FROM audit_events
        WHERE type = 'DOCUMENT_REVIEW_DECIDED' AND payload ->> 'documentId' = $1 ORDER BY seq`,
      [doc.id],
    );
    expect(audit.map((a) => [a.actor_user_id, a.payload.seq, a.payload.decision])).to.deep.equal([
      [head.userId, 1, 'approved'],
      [deputy.userId, 2, 'approved'],
    ]);
  });

  it('returns the draft to its drafter when a reviewer returns it; resubmitted, the chain starts again', async () => {
    const doc = await draft('Về việc kế hoạch kiểm tra');
    await submitForReview(as(w.root.specialist), {
      documentId: doc.id,
      reviewerUserIds: [head.userId, deputy.userId],
    });
    await reviewDraft(as(head), { documentId: doc.id, decision: 'approve' });
    expect(await codeOf(reviewDraft(as(deputy), { documentId: doc.id, decision: 'return' }))).to.equal(
      'DOCUMENT_INVALID',
    );
    const returned = await reviewDraft(as(deputy), {
      documentId: doc.id,
      decision: 'return',
      comment: 'Bổ sung căn cứ pháp lý',
    });
    expect(returned.document.status).to.equal('returned');
    expect(returned.document.reviewComment).to.equal('Bổ sung căn cứ pháp lý');
    expect(await steps(doc.id, w.root.specialist)).to.deep.equal([
      [head.userId, 'approved', null],
      [deputy.userId, 'returned', 'Bổ sung căn cứ pháp lý'],
    ]);
    // Resubmitted without naming reviewers: the same chain, from the first reviewer again.
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    expect(await steps(doc.id)).to.deep.equal([
      [head.userId, 'pending', null],
      [deputy.userId, 'pending', null],
    ]);
    // `[]` removes the chain: straight to the leader.
    const other = await draft('Về việc không qua trình duyệt');
    await submitForReview(as(w.root.specialist), { documentId: other.id, reviewerUserIds: [] });
    expect(
      (await recordLeaderSignature(as(w.root.leader), { documentId: other.id, signedPdf: pdfDigest() }))
        .status,
    ).to.equal('signed');
  });

  it('refuses reviewers who are the drafter, twice named, of another unit or a clerk, and offers the unit’s others', async () => {
    const clerk = await insertActor(t.db, w.rootId, 'vt2.tinh', ['clerk']);
    const refused = async (ids: string[]) => {
      const doc = await draft('Về việc kiểm tra người trình duyệt');
      return codeOf(submitForReview(as(w.root.specialist), { documentId: doc.id, reviewerUserIds: ids }));
    };
    expect(await refused([w.root.specialist.userId])).to.equal('DOCUMENT_INVALID');
    expect(await refused([head.userId, head.userId])).to.equal('DOCUMENT_INVALID');
    expect(await refused([w.communeA.leader.userId])).to.equal('DOCUMENT_INVALID');
    expect(await refused([clerk.userId])).to.equal('DOCUMENT_INVALID');
    const offered = (await listReviewers(as(w.root.specialist))).map((r) => r.id);
    expect(offered).to.include.members([head.userId, deputy.userId, w.root.leader.userId]);
    expect(offered).to.not.include.members([w.root.specialist.userId, clerk.userId]);
  });
});
