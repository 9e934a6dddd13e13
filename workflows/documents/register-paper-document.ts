import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import { allocateNumber } from './allocate-number';
import { assertDocumentSigner } from './assert-document-signer';
import { checkDraftInput, type DraftInput } from './create-draft';
import { assertDocumentAccess } from './document-access';
import { DocumentError } from './document-error';
import type { OutgoingDocument } from './outgoing-document';
import { numberDuplicate } from './number-duplicate';
import { outgoingRepository } from './outgoing-repository';

/**
 * The clerk registers a document issued on paper (with its scan as the PDF): it takes the next number of
 * the same register and is counted as issued but not exchanged electronically (medium = paper), so the
 * exchange rate in reports has a true denominator.
 */
export async function registerPaperDocument(
  ctx: DomainContext,
  input: Omit<DraftInput, 'replacesId'> & { readonly perTypeRegister?: boolean },
): Promise<OutgoingDocument> {
  const d = checkDraftInput(input);
  const now = ctx.clock.now();
  const issuedOn = vietnamDate(now);
  const year = Number(issuedOn.slice(0, 4));
  return ctx.db.transaction(async (m) => {
    await assertDocumentAccess(m, ctx.actor, ctx.actor.unitId, { act: ['clerk'] }, () =>
      DocumentError.notFound(''),
    );
    // The signer of the paper original: a leader of the unit, as on a draft, or one who has left since
    // (checked before any number is taken).
    if (d.signerUserId) await assertDocumentSigner(m, ctx.actor.unitId, d.signerUserId, { inactive: true });
    const doc = await outgoingRepository.insert(m, {
      unitId: ctx.actor.unitId,
      medium: 'paper',
      documentType: d.documentType,
      notation: d.notation,
      subject: d.subject,
      urgency: d.urgency ?? 'normal',
      classification: d.classification ?? 'none',
      status: 'draft',
      drafterUserId: ctx.actor.userId,
      signerUserId: d.signerUserId ?? null,
      dueDate: d.dueDate ?? null,
      pdfSha256: d.pdf.sha256,
      pdfSize: d.pdf.size,
      attachments: d.attachments ?? [],
      recipients: d.recipients,
      replacesId: null,
      createdAt: now,
    });
    const { registerId, number } = await allocateNumber(m, {
      unitId: doc.unitId,
      direction: 'outgoing',
      year,
      documentType: input.perTypeRegister ? doc.documentType : '',
      series: doc.classification === 'none' ? 'normal' : 'classified',
    });
    let issued: OutgoingDocument;
    try {
      issued = await outgoingRepository.update(
        m,
        doc.id,
        {
          register_id: registerId,
          year,
          number,
          issued_on: issuedOn,
          status: 'issued',
          numbered_at: now,
          issued_at: now,
        },
        now,
      );
    } catch (e) {
      throw numberDuplicate(e, { unitId: doc.unitId, year, number, notation: doc.notation });
    }
    await outgoingRepository.addVersion(
      m,
      doc.id,
      { step: 'scanned', ...d.pdf, actorUserId: ctx.actor.userId },
      now,
    );
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_DRAFTED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, sha256: d.pdf.sha256, medium: 'paper' },
    });
    return issued;
  });
}
