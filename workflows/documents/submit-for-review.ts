import type { DomainContext } from '../context';
import { changeOutgoing } from './change-outgoing';
import { DocumentError } from './document-error';
import type { OutgoingDocument } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { assertPdfDigest, type PdfDigest } from './pdf-digest';
import { setReviewChain } from './review-chain';

/**
 * The drafter submits a draft (or a returned draft, optionally with a revised PDF) to the leader, through
 * the ordered reviewers of `reviewerUserIds` first when given (trình duyệt).
 */
export async function submitForReview(
  ctx: DomainContext,
  input: {
    readonly documentId: string;
    readonly revisedPdf?: PdfDigest;
    /** The review chain before the leader, in order (see setReviewChain); absent: keep the previous one. */
    readonly reviewerUserIds?: readonly string[];
  },
): Promise<OutgoingDocument> {
  const revised = input.revisedPdf ? assertPdfDigest(input.revisedPdf) : undefined;
  return changeOutgoing(
    ctx,
    input.documentId,
    {
      action: 'submit',
      roles: ['specialist', 'leader'],
      from: ['draft', 'returned'],
      to: 'in_review',
      electronicOnly: true,
    },
    async (m, doc, now) => {
      if (doc.drafterUserId !== ctx.actor.userId) {
        throw new DocumentError(
          'DOCUMENT_STATE_INVALID',
          { vi: 'Chỉ người soạn thảo mới trình được dự thảo', en: 'Only the drafter submits the draft' },
          { documentId: doc.id },
        );
      }
      await setReviewChain(m, doc, input.reviewerUserIds);
      if (!revised) return { set: { review_comment: null } };
      await outgoingRepository.addVersion(
        m,
        doc.id,
        { step: 'revised', ...revised, actorUserId: ctx.actor.userId },
        now,
      );
      return {
        set: { review_comment: null, pdf_sha256: revised.sha256, pdf_size: revised.size },
        audit: { sha256: revised.sha256 },
      };
    },
  );
}
