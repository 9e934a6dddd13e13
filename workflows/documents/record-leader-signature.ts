import type { DomainContext } from '../context';
import { changeOutgoing } from './change-outgoing';
import type { OutgoingDocument } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { assertPdfDigest, type PdfDigest } from './pdf-digest';
import { assertReviewDone } from './review-chain';

/**
 * Records that the leader signed: the signing engine produced `signedPdf` (already in the object store);
 * this only moves the document to `signed` and stores the new version, whose author is the actual signer
 * (`signedByUserId`). Any leader of the unit may sign, not only the one named on the draft: Decree
 * 30/2020 Art. 13 lets a deputy sign "KT." (ký thay) on behalf of the head. The named signer is kept
 * (`signerUserId`; set to the actor when nobody was named) and the audit event says on whose behalf.
 */
export async function recordLeaderSignature(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly signedPdf: PdfDigest },
): Promise<OutgoingDocument> {
  const pdf = assertPdfDigest(input.signedPdf, 'signedPdf');
  return changeOutgoing(
    ctx,
    input.documentId,
    { action: 'sign', roles: ['leader'], from: ['in_review'], to: 'signed', electronicOnly: true },
    async (m, doc, now) => {
      await assertReviewDone(m, doc.id);
      await outgoingRepository.addVersion(
        m,
        doc.id,
        { step: 'signed', ...pdf, actorUserId: ctx.actor.userId },
        now,
      );
      const named = doc.signerUserId;
      return {
        set: {
          pdf_sha256: pdf.sha256,
          pdf_size: pdf.size,
          signer_user_id: named ?? ctx.actor.userId,
          signed_at: now,
        },
        audit: {
          sha256: pdf.sha256,
          ...(named && named !== ctx.actor.userId ? { onBehalfOfUserId: named } : {}),
        },
      };
    },
  );
}
