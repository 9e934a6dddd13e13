import type { DomainContext } from '../context';
import { nestedContext } from '../signing/nested-context';
import type { OutgoingDocument } from './outgoing-document';
import { submitForReview } from './submit-for-review';
import { ownUploadedFile } from './uploaded-file';

/** The drafter submits for review, optionally with a revised PDF they uploaded (POST /api/files). */
export async function submitDraft(
  ctx: DomainContext,
  input: {
    readonly documentId: string;
    readonly revisedFileId?: string;
    readonly reviewerUserIds?: readonly string[];
  },
): Promise<OutgoingDocument> {
  const chain = input.reviewerUserIds ? { reviewerUserIds: input.reviewerUserIds } : {};
  if (!input.revisedFileId) return submitForReview(ctx, { documentId: input.documentId, ...chain });
  const fileId = input.revisedFileId;
  // The file is read (FOR SHARE) in the transaction that records the revised version.
  return ctx.db.transaction(async (m) => {
    const revised = await ownUploadedFile(m, ctx.actor, fileId, { pdf: true });
    return submitForReview(nestedContext(ctx, m, ctx.clock.now()), {
      documentId: input.documentId,
      revisedPdf: { sha256: revised.sha256, size: revised.size },
      ...chain,
    });
  });
}
