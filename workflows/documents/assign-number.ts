import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { allocateNumber } from './allocate-number';
import { changeOutgoing } from './change-outgoing';
import { assertHasRecipients } from './edit-draft';
import type { OutgoingDocument } from './outgoing-document';
import { numberDuplicate } from './number-duplicate';
import { outgoingRepository } from './outgoing-repository';
import { assertPdfDigest, type PdfDigest } from './pdf-digest';

export interface AssignNumberInput {
  readonly documentId: string;
  /** Use the unit's register for this document type instead of its shared register. */
  readonly perTypeRegister?: boolean;
  /** The PDF with number and date filled in, when the signing engine writes them (incremental update). */
  readonly numberedPdf?: PdfDigest;
}

/**
 * The clerk numbers a signed document from the register (unit × year in Vietnam × optional type; classified
 * documents in their own series) and dates it. Gapless under concurrency (see allocateNumber); a number
 * whose number + notation + issuer + year already exists is refused (DOCUMENT_NUMBER_DUPLICATE) and given
 * back to the register by the rollback.
 */
export async function assignNumber(ctx: DomainContext, input: AssignNumberInput): Promise<OutgoingDocument> {
  const pdf = input.numberedPdf ? assertPdfDigest(input.numberedPdf, 'numberedPdf') : undefined;
  return changeOutgoing(
    ctx,
    input.documentId,
    { action: 'number', roles: ['clerk'], from: ['signed'], to: 'numbered', electronicOnly: true },
    async (m, doc, now) => {
      assertHasRecipients(doc);
      const issuedOn = vietnamDate(now);
      const year = Number(issuedOn.slice(0, 4));
      const { registerId, number } = await allocateNumber(m, {
        unitId: doc.unitId,
        direction: 'outgoing',
        year,
        documentType: input.perTypeRegister ? doc.documentType : '',
        series: doc.classification === 'none' ? 'normal' : 'classified',
      });
      try {
        // Written here rather than by changeOutgoing so that the unique violation is named precisely.
        await m.query(
          `UPDATE outgoing_documents SET register_id = $2, year = $3, number = $4 WHERE id = $1`,
          [doc.id, registerId, year, number],
        );
      } catch (e) {
        throw numberDuplicate(e, { unitId: doc.unitId, year, number, notation: doc.notation });
      }
      const set: Record<string, unknown> = { issued_on: issuedOn, numbered_at: now };
      if (pdf) {
        await outgoingRepository.addVersion(
          m,
          doc.id,
          { step: 'numbered', ...pdf, actorUserId: ctx.actor.userId },
          now,
        );
        set.pdf_sha256 = pdf.sha256;
        set.pdf_size = pdf.size;
      }
      return { set, audit: { number, ...(pdf ? { sha256: pdf.sha256 } : {}) } };
    },
  );
}
