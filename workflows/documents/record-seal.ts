import type { DomainContext } from '../context';
import { changeOutgoing } from './change-outgoing';
import type { OutgoingDocument } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { assertPdfDigest, type PdfDigest } from './pdf-digest';

/**
 * Records the clerk's organisation seal signature (chữ ký số của cơ quan, Decree 30 Art. 18) applied by
 * the signing engine to the numbered PDF, and any signed attachments.
 */
export async function recordSeal(
  ctx: DomainContext,
  input: {
    readonly documentId: string;
    readonly sealedPdf: PdfDigest;
    readonly signedAttachments?: readonly {
      readonly name: string;
      readonly sha256: string;
      readonly size: number;
    }[];
  },
): Promise<OutgoingDocument> {
  const pdf = assertPdfDigest(input.sealedPdf, 'sealedPdf');
  const attachments = (input.signedAttachments ?? []).map((a) => ({
    name: a.name,
    ...assertPdfDigest(a, 'signedAttachments'),
  }));
  return changeOutgoing(
    ctx,
    input.documentId,
    { action: 'seal', roles: ['clerk'], from: ['numbered'], to: 'sealed', electronicOnly: true },
    async (m, doc, now) => {
      await outgoingRepository.addVersion(
        m,
        doc.id,
        { step: 'sealed', ...pdf, actorUserId: ctx.actor.userId },
        now,
      );
      for (const a of attachments) {
        await outgoingRepository.addVersion(
          m,
          doc.id,
          {
            step: 'attachment_signed',
            sha256: a.sha256,
            size: a.size,
            actorUserId: ctx.actor.userId,
            note: a.name,
          },
          now,
        );
      }
      const set: Record<string, unknown> = { pdf_sha256: pdf.sha256, pdf_size: pdf.size, sealed_at: now };
      if (attachments.length) set.attachments = JSON.stringify(attachments);
      return { set, audit: { sha256: pdf.sha256 } };
    },
  );
}
