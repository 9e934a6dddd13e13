import type { DomainContext } from '../context';
import { nestedContext } from '../signing/nested-context';
import { createDraft, type DraftInput } from './create-draft';
import type { OutgoingDocument } from './outgoing-document';
import { ownUploadedFile } from './uploaded-file';

/** Decree 30 Appendix VI metadata of a draft, with the PDF and attachments as uploaded file ids. */
export type DraftFromFileInput = Omit<DraftInput, 'pdf' | 'attachments'> & {
  /** POST /api/files id of the draft PDF, uploaded by the actor. */
  readonly fileId: string;
  readonly attachments?: readonly { readonly fileId: string; readonly name?: string }[];
};

/**
 * A specialist (or leader) drafts an outgoing document from files they uploaded: the PDF and any
 * attachments (phụ lục) must be their own uploads (another user's file id answers FILE_NOT_FOUND).
 */
export async function draftFromFile(
  ctx: DomainContext,
  input: DraftFromFileInput,
): Promise<OutgoingDocument> {
  const { fileId, attachments, ...meta } = input;
  // One transaction: the files are read (FOR SHARE) where the draft that names their bytes is inserted.
  return ctx.db.transaction(async (m) => {
    const pdf = await ownUploadedFile(m, ctx.actor, fileId, { pdf: true });
    const files = [];
    for (const a of attachments ?? []) {
      const f = await ownUploadedFile(m, ctx.actor, a.fileId, { pdf: true });
      files.push({
        name: (a.name ?? f.fileName ?? 'Phụ lục').trim() || 'Phụ lục',
        sha256: f.sha256,
        size: f.size,
      });
    }
    return createDraft(nestedContext(ctx, m, ctx.clock.now()), {
      ...meta,
      pdf: { sha256: pdf.sha256, size: pdf.size },
      attachments: files,
    });
  });
}
