import type { DomainContext } from '../context';
import { nestedContext } from '../signing/nested-context';
import type { DraftInput } from './create-draft';
import type { OutgoingDocument } from './outgoing-document';
import { registerPaperDocument } from './register-paper-document';
import { ownUploadedFile } from './uploaded-file';

/** The clerk registers a paper document with its scan, uploaded as a PDF (POST /api/files). */
export async function registerPaperScan(
  ctx: DomainContext,
  input: Omit<DraftInput, 'pdf' | 'attachments' | 'replacesId'> & {
    readonly scanFileId: string;
    readonly perTypeRegister?: boolean;
  },
): Promise<OutgoingDocument> {
  const { scanFileId, ...meta } = input;
  // The scan is read (FOR SHARE) in the transaction that registers the document naming its bytes.
  return ctx.db.transaction(async (m) => {
    const scan = await ownUploadedFile(m, ctx.actor, scanFileId, { pdf: true });
    return registerPaperDocument(nestedContext(ctx, m, ctx.clock.now()), {
      ...meta,
      pdf: { sha256: scan.sha256, size: scan.size },
    });
  });
}
