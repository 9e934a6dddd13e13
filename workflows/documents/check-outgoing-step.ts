import type { Actor, Role } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { assertDocumentAccess } from './document-access';
import { DocumentError } from './document-error';
import type { OutgoingDocument, OutgoingStatus } from './outgoing-document';
import { draftHiddenFrom } from './outgoing-access';
import { outgoingRepository } from './outgoing-repository';
import { assertReviewDone } from './review-chain';

/**
 * The checks changeOutgoing makes, ahead of expensive work (fetching and signing a PDF) so that a
 * document in the wrong step or of another unit is refused before any of it: visible (else
 * DOCUMENT_NOT_FOUND; another user's draft is not), the actor's own unit with one of `roles` (else FORBIDDEN), in one of `from`
 * (else DOCUMENT_STATE_INVALID), electronic. `forUpdate` locks the row in the caller's transaction.
 */
export async function checkOutgoingStep(
  q: Queryable,
  actor: Actor,
  documentId: string,
  step: { action: string; roles: readonly Role[]; from: readonly OutgoingStatus[] },
  opts: { forUpdate?: boolean } = {},
): Promise<OutgoingDocument> {
  const doc = await outgoingRepository.findById(q, documentId, opts);
  if (!doc || draftHiddenFrom(actor, doc)) throw DocumentError.notFound(documentId);
  await assertDocumentAccess(q, actor, doc.unitId, { act: step.roles }, () =>
    DocumentError.notFound(documentId),
  );
  if (!step.from.includes(doc.status)) throw DocumentError.state(doc.id, doc.status, step.action);
  // The leader signs once the review chain (trình duyệt) is done.
  if (step.action === 'sign') await assertReviewDone(q, doc.id);
  if (doc.medium === 'paper') {
    throw new DocumentError(
      'DOCUMENT_PAPER_ONLY',
      {
        vi: 'Văn bản giấy đã đăng ký không đi qua quy trình ký số',
        en: 'A registered paper document does not go through the digital signing steps',
      },
      { documentId },
    );
  }
  return doc;
}
