import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { Queryable } from '../directory/unit-repository';
import { noticeOutgoingStatus } from '../notifications/document-notices';
import './document-audit-events';
import { DocumentError } from './document-error';
import type { OutgoingDocument } from './outgoing-document';
import { draftHiddenFrom } from './outgoing-access';
import { outgoingRepository } from './outgoing-repository';

/** At most this many reviewers before the leader (trưởng phòng, phó chánh văn phòng…). */
export const MAX_REVIEWERS = 5;

/** One reviewer of the chain (trình duyệt), in order. */
export interface ReviewStep {
  readonly seq: number;
  readonly reviewer: { readonly id: string; readonly fullName: string; readonly title: string | null };
  readonly state: 'pending' | 'approved' | 'returned';
  readonly comment: string | null;
  readonly decidedAt: Date | null;
}

/** The review chain of a document, in order (empty when it goes straight to the leader). */
export async function reviewSteps(q: Queryable, documentId: string): Promise<ReviewStep[]> {
  const rows: {
    seq: number;
    id: string;
    full_name: string;
    title: string | null;
    state: ReviewStep['state'];
    comment: string | null;
    decided_at: Date | null;
  }[] = await q.query(
    `SELECT s.seq, u.id, u.full_name, u.title, s.state, s.comment, s.decided_at
       FROM review_steps s JOIN users u ON u.id = s.reviewer_user_id
      WHERE s.document_id = $1 ORDER BY s.seq`,
    [documentId],
  );
  return rows.map((r) => ({
    seq: r.seq,
    reviewer: { id: r.id, fullName: r.full_name, title: r.title },
    state: r.state,
    comment: r.comment,
    decidedAt: r.decided_at,
  }));
}

/** The first reviewer who has not yet decided, if any: the one whose turn it is. */
export function currentReviewStep(steps: readonly ReviewStep[]): ReviewStep | undefined {
  return steps.find((s) => s.state === 'pending');
}

/**
 * The leader signs only after every reviewer approved (409 REVIEW_PENDING, naming whose turn it is):
 * checked before signing starts and again in the transaction that records the signature.
 */
export async function assertReviewDone(q: Queryable, documentId: string): Promise<void> {
  const current = currentReviewStep(await reviewSteps(q, documentId));
  if (current) {
    throw new DocumentError(
      'REVIEW_PENDING',
      {
        vi: `Văn bản đang chờ ${current.reviewer.fullName} cho ý kiến (trình duyệt bước ${current.seq}); lãnh đạo ký sau khi các bước trình duyệt hoàn tất`,
        en: `The document is waiting for ${current.reviewer.fullName}'s review (step ${current.seq}); the leader signs once the review chain is done`,
      },
      { documentId, seq: current.seq, reviewerUserId: current.reviewer.id },
    );
  }
}

/**
 * Sets the review chain when the drafter submits (inside the submit transaction): the reviewers, in
 * order, must be distinct active accounts of the drafting unit with the specialist or leader role, not the
 * drafter (DOCUMENT_INVALID, field reviewerUserIds). `undefined` on a resubmission keeps the chain the
 * document had, every step pending again; `[]` removes it.
 */
export async function setReviewChain(
  m: EntityManager,
  doc: OutgoingDocument,
  reviewerUserIds: readonly string[] | undefined,
): Promise<void> {
  let ids = reviewerUserIds;
  if (ids === undefined) {
    await m.query(
      `UPDATE review_steps SET state = 'pending', comment = NULL, decided_at = NULL WHERE document_id = $1`,
      [doc.id],
    );
    return;
  }
  ids = [...ids];
  const invalid = (vi: string, en: string) => DocumentError.invalid('reviewerUserIds', vi, en);
  if (ids.length > MAX_REVIEWERS) {
    throw invalid(`Tối đa ${MAX_REVIEWERS} người trình duyệt`, `At most ${MAX_REVIEWERS} reviewers`);
  }
  if (new Set(ids).size !== ids.length)
    throw invalid('Người trình duyệt bị trùng', 'A reviewer is named twice');
  if (ids.includes(doc.drafterUserId)) {
    throw invalid('Người soạn thảo không tự trình duyệt', 'The drafter cannot review their own draft');
  }
  if (ids.length) {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND unit_id = $2 AND active
         AND roles && ARRAY['specialist', 'leader']::text[]`,
      [ids, doc.unitId],
    );
    if (n !== ids.length) {
      throw invalid(
        'Người trình duyệt phải là chuyên viên hoặc lãnh đạo đang làm việc tại đơn vị',
        'Reviewers must be active specialists or leaders of the unit',
      );
    }
  }
  await m.query(`DELETE FROM review_steps WHERE document_id = $1`, [doc.id]);
  if (ids.length) {
    await m.query(
      `INSERT INTO review_steps (document_id, seq, reviewer_user_id)
       SELECT $1, n, id FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [doc.id, ids],
    );
  }
}

/**
 * The reviewer whose turn it is approves the draft (it goes on to the next reviewer, or to the leader
 * after the last) or returns it to the drafter with a comment (the document is `returned`, as when the
 * leader returns it). Each decision is an audit event (DOCUMENT_REVIEW_DECIDED) and appears in the
 * document's review chain. Anyone else: REVIEW_NOT_YOUR_TURN (403); not under review: DOCUMENT_STATE_INVALID.
 */
export async function reviewDraft(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly decision: 'approve' | 'return'; readonly comment?: string },
): Promise<{ document: OutgoingDocument; steps: ReviewStep[] }> {
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (input.decision === 'return' && !comment) {
    throw DocumentError.invalid('comment', 'Cần ghi ý kiến khi trả lại', 'A comment is required');
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await outgoingRepository.findById(m, input.documentId, { forUpdate: true });
    if (!doc || draftHiddenFrom(ctx.actor, doc) || doc.unitId !== ctx.actor.unitId) {
      throw DocumentError.notFound(input.documentId);
    }
    if (doc.status !== 'in_review') throw DocumentError.state(doc.id, doc.status, 'review');
    const current = currentReviewStep(await reviewSteps(m, doc.id));
    if (!current || current.reviewer.id !== ctx.actor.userId) {
      throw new DocumentError(
        'REVIEW_NOT_YOUR_TURN',
        {
          vi: current
            ? `Đang đến lượt ${current.reviewer.fullName} cho ý kiến`
            : 'Văn bản không còn chờ trình duyệt',
          en: current ? `It is ${current.reviewer.fullName}'s turn to review` : 'No review is pending',
        },
        { documentId: doc.id },
      );
    }
    const state = input.decision === 'approve' ? 'approved' : 'returned';
    await m.query(
      `UPDATE review_steps SET state = $3, comment = $4, decided_at = $5 WHERE document_id = $1 AND seq = $2`,
      [doc.id, current.seq, state, comment || null, now],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_REVIEW_DECIDED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, seq: current.seq, decision: state, ...(comment ? { comment } : {}) },
    });
    let updated = doc;
    if (state === 'returned') {
      updated = await outgoingRepository.update(
        m,
        doc.id,
        { status: 'returned', review_comment: comment },
        now,
      );
      await noticeOutgoingStatus(m, updated, now);
      await appendAuditEvent(m, ctx, {
        type: 'DOCUMENT_STATUS_CHANGED',
        unitId: doc.unitId,
        payload: { documentId: doc.id, from: 'in_review', to: 'returned', comment },
      });
    }
    return { document: updated, steps: await reviewSteps(m, doc.id) };
  });
}

/**
 * Who may be named in a review chain: the active specialists and leaders of the caller's unit other than
 * the caller, by name (what setReviewChain accepts).
 */
export async function listReviewers(
  ctx: DomainContext,
): Promise<{ id: string; fullName: string; title: string | null; roles: string[] }[]> {
  return ctx.db.query(
    `SELECT id, full_name AS "fullName", title, roles FROM users
      WHERE unit_id = $1 AND active AND id <> $2 AND roles && ARRAY['specialist', 'leader']::text[]
      ORDER BY full_name, id`,
    [ctx.actor.unitId, ctx.actor.userId],
  );
}
