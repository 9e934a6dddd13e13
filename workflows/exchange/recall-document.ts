import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertDocumentAccess } from '../documents/document-access';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';
import type { OutgoingDocument } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import { incomingRepository } from './incoming-repository';
import { noticeRecallRequested } from '../notifications/document-notices';

/**
 * The sender recalls an issued document (edXML business type 1): it becomes `recalled` and every incoming
 * copy not refused gets the recall request (13) with a status event, in one transaction; each recipient
 * then answers 15 or 16 (answerRecall). External recipients are not queued here: the federation
 * migration's trigger `outgoing_documents_edxml_recall` queues one `edxml.send` of business type 1 per
 * external organisation (`edxml.send:{id}:{code}:recall`) in this same transaction, whoever recalls.
 */
export async function recallDocument(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly reason: string },
): Promise<{ document: OutgoingDocument; recipients: number }> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw DocumentError.invalid('reason', 'Cần ghi lý do thu hồi', 'A reason is required');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await outgoingRepository.findById(m, input.documentId, { forUpdate: true });
    if (!doc) throw DocumentError.notFound(input.documentId);
    await assertDocumentAccess(m, ctx.actor, doc.unitId, { act: ['clerk', 'leader'] }, () =>
      DocumentError.notFound(doc.id),
    );
    if (doc.status !== 'issued' || doc.medium !== 'electronic')
      throw DocumentError.state(doc.id, doc.status, 'recall');
    const [rows]: [{ id: string }[], number] = await m.query(
      `UPDATE incoming_documents SET recall_code = '13' WHERE outgoing_id = $1 AND status_code <> '02' RETURNING id`,
      [doc.id],
    );
    await incomingRepository.addStatusEvents(
      m,
      rows.map((r) => ({ incomingId: r.id, outgoingId: doc.id })),
      { code: '13', at: now, actorUserId: ctx.actor.userId, actorUnitId: doc.unitId, note: reason },
    );
    await noticeRecallRequested(
      m,
      rows.map((r) => r.id),
      doc,
      reason,
      now,
    );
    const updated = await outgoingRepository.update(m, doc.id, { status: 'recalled', recalled_at: now }, now);
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_RECALLED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, recipients: rows.length, reason },
    });
    return { document: updated, recipients: rows.length };
  });
}
