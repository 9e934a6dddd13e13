import type { DomainContext } from '../context';
import type { OutgoingDocument } from './outgoing-document';
import { submitForReview } from './submit-for-review';
import { ownUploadedFile } from './uploaded-file';

/** The drafter submits for review, optionally with a revised PDF they uploaded (POST /api/files). */
export async function submitDraft(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly revisedFileId?: string },
): Promise<OutgoingDocument> {
  const revised = input.revisedFileId
    ? await ownUploadedFile(ctx.db, ctx.actor, input.revisedFileId, { pdf: true })
    : undefined;
  return submitForReview(ctx, {
    documentId: input.documentId,
    revisedPdf: revised ? { sha256: revised.sha256, size: revised.size } : undefined,
  });
}
