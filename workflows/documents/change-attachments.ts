import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { checkOutgoingStep } from './check-outgoing-step';
import { DocumentError } from './document-error';
import './file-audit-events';
import type { OutgoingDocument } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { ownUploadedFile } from './uploaded-file';

export const MAX_ATTACHMENTS = 50;

/**
 * The drafter adds an attachment (phụ lục, a PDF they uploaded) to a draft or a returned draft, or
 * removes one by its position. Attachments are signed by the organisation when the clerk seals.
 */
export async function changeAttachments(
  ctx: DomainContext,
  input:
    | { readonly documentId: string; readonly add: { readonly fileId: string; readonly name?: string } }
    | { readonly documentId: string; readonly remove: number },
): Promise<OutgoingDocument> {
  return ctx.db.transaction(async (m) => {
    const doc = await checkOutgoingStep(
      m,
      ctx.actor,
      input.documentId,
      { action: 'attach', roles: ['specialist', 'leader'], from: ['draft', 'returned'] },
      { forUpdate: true },
    );
    if (doc.drafterUserId !== ctx.actor.userId) {
      throw new DocumentError(
        'DOCUMENT_STATE_INVALID',
        { vi: 'Chỉ người soạn thảo mới sửa được phụ lục', en: 'Only the drafter changes the attachments' },
        { documentId: doc.id },
      );
    }
    const attachments = [...doc.attachments];
    if ('add' in input) {
      const file = await ownUploadedFile(m, ctx.actor, input.add.fileId, { pdf: true });
      if (attachments.length >= MAX_ATTACHMENTS) {
        throw DocumentError.invalid(
          'attachments',
          `Tối đa ${MAX_ATTACHMENTS} phụ lục`,
          `At most ${MAX_ATTACHMENTS} attachments`,
        );
      }
      const name = (input.add.name ?? file.fileName ?? '').normalize('NFC').trim().slice(0, 255) || 'Phụ lục';
      attachments.push({ name, sha256: file.sha256, size: file.size });
      await appendAuditEvent(m, ctx, {
        type: 'DOCUMENT_ATTACHMENT_ADDED',
        unitId: doc.unitId,
        payload: { documentId: doc.id, name, sha256: file.sha256, size: file.size },
      });
    } else {
      const removed = attachments[input.remove];
      if (!removed) throw DocumentError.invalid('attachments', 'Không có phụ lục này', 'No such attachment');
      attachments.splice(input.remove, 1);
      await appendAuditEvent(m, ctx, {
        type: 'DOCUMENT_ATTACHMENT_REMOVED',
        unitId: doc.unitId,
        payload: { documentId: doc.id, name: removed.name, sha256: removed.sha256 },
      });
    }
    return outgoingRepository.update(
      m,
      doc.id,
      { attachments: JSON.stringify(attachments) },
      ctx.clock.now(),
    );
  });
}
