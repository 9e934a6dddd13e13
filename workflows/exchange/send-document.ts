import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import { assertElectronicExchange } from '../documents/assert-electronic-exchange';
import { assertDocumentAccess } from '../documents/document-access';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';
import { numberAndNotation, type OutgoingDocument } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import { completeOnReply } from './complete-on-reply';
import { enqueueJobs } from './enqueue-job';
import { noticeIncomingArrived } from '../notifications/document-notices';
import { incomingRepository } from './incoming-repository';
import { resolveRecipients } from './resolve-recipients';
import { reindexIncoming, reindexOutgoing } from '../search/reindex-documents';

export interface SendResult {
  readonly document: OutgoingDocument;
  /** Incoming records created by this call. */
  readonly delivered: number;
  /** Recipients that already had the document (a retried send): nothing created for them. */
  readonly alreadyDelivered: number;
  /** External organisation codes queued for edXML delivery. */
  readonly external: readonly string[];
  readonly routed: readonly { readonly addressedUnitId: string; readonly recipientUnitId: string }[];
}

/** Job kinds this module enqueues. */
export const EDXML_SEND_JOB = 'edxml.send';
export const URGENT_NOTICE_JOB = 'incoming.urgent_notice';
/** Validation on arrival of the delivered PDF (one job per send call, for the records it created). */
export const INCOMING_VALIDATE_JOB = 'incoming.validate';

/**
 * The clerk issues a sealed document (DESIGN.md §6, outbox): in ONE transaction the document becomes
 * `issued`, each recipient unit of this server gets one incoming record (status 01) with its status
 * event, external organisations get an `edxml.send` job, urgent documents an `incoming.urgent_notice`
 * job, the new records an `incoming.validate` job (validation on arrival), and the audit event is written. Either all of it commits or nothing does (a server killed
 * mid-send leaves no half-sent document). Exactly-once: the unique (outgoing_id, recipient_unit_id) makes
 * a retried send (same document, status issued) deliver only what is missing. A document that replaces
 * another (edXML business type 3) marks the old one `replaced` and every incoming copy of it superseded.
 */
export async function sendDocument(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<SendResult> {
  const now = ctx.clock.now();
  const today = vietnamDate(now);
  return ctx.db.transaction(async (m) => {
    const doc = await outgoingRepository.findById(m, input.documentId, { forUpdate: true });
    if (!doc) throw DocumentError.notFound(input.documentId);
    await assertDocumentAccess(m, ctx.actor, doc.unitId, { act: ['clerk'] }, () =>
      DocumentError.notFound(doc.id),
    );
    assertElectronicExchange(doc);
    if (doc.status !== 'sealed' && doc.status !== 'issued')
      throw DocumentError.state(doc.id, doc.status, 'send');
    const clash: { id: string }[] = await m.query(
      `SELECT id FROM outgoing_documents WHERE unit_id = $1 AND year = $2 AND number = $3 AND notation = $4 AND id <> $5`,
      [doc.unitId, doc.year, doc.number, doc.notation, doc.id],
    );
    if (clash.length) {
      throw new DocumentError(
        'DOCUMENT_NUMBER_DUPLICATE',
        {
          vi: `Số, ký hiệu ${numberAndNotation(doc)} năm ${doc.year} đã được đơn vị ban hành sử dụng`,
          en: `Number and notation ${numberAndNotation(doc)} of ${doc.year} is already used by the issuer`,
        },
        { documentId: doc.id, otherDocumentId: clash[0]!.id },
      );
    }

    const recipients = await resolveRecipients(m, doc.unitId, doc.recipients, today);
    if (recipients.units.length === 0 && recipients.external.length === 0) {
      throw new DocumentError(
        'RECIPIENTS_EMPTY',
        { vi: 'Văn bản chưa có nơi nhận', en: 'The document has no recipient' },
        {
          documentId: doc.id,
        },
      );
    }
    const created: { id: string; recipient_unit_id: string }[] = recipients.units.length
      ? await m.query(
          `INSERT INTO incoming_documents
             (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation, subject, urgency, pdf_sha256,
              received_at)
           SELECT r, a, $3, $4, $5, $6, $7, $8, $9 FROM unnest($1::uuid[], $2::uuid[]) AS t(r, a)
           ON CONFLICT ON CONSTRAINT incoming_documents_delivery_key DO NOTHING
           RETURNING id, recipient_unit_id`,
          [
            recipients.units.map((u) => u.recipientUnitId),
            recipients.units.map((u) => u.addressedUnitId),
            doc.id,
            doc.documentType,
            numberAndNotation(doc),
            doc.subject,
            doc.urgency,
            doc.pdfSha256,
            now,
          ],
        )
      : [];
    await reindexIncoming(
      m,
      created.map((c) => c.id),
    );
    await noticeIncomingArrived(m, created, doc, now);
    await incomingRepository.addStatusEvents(
      m,
      created.map((c) => ({ incomingId: c.id, outgoingId: doc.id })),
      { code: '01', at: now, actorUserId: ctx.actor.userId, actorUnitId: doc.unitId },
    );
    await enqueueJobs(m, [
      ...recipients.external.map((e) => ({
        kind: EDXML_SEND_JOB,
        payload: { documentId: doc.id, to: e.code, ...(e.name ? { name: e.name } : {}) },
        runAt: now,
        dedupeKey: `${EDXML_SEND_JOB}:${doc.id}:${e.code}`,
      })),
      ...(created.length
        ? [
            {
              kind: INCOMING_VALIDATE_JOB,
              payload: { pdfSha256: doc.pdfSha256, incomingIds: created.map((c) => c.id) },
              runAt: now,
            },
          ]
        : []),
      ...(doc.urgency !== 'normal' && created.length
        ? [
            {
              kind: URGENT_NOTICE_JOB,
              payload: { documentId: doc.id, urgency: doc.urgency, incomingIds: created.map((c) => c.id) },
              runAt: now,
            },
          ]
        : []),
    ]);

    let supersedes: string | undefined;
    let updated = doc;
    if (doc.status === 'sealed') {
      updated = await outgoingRepository.update(m, doc.id, { status: 'issued', issued_at: now }, now);
      // A reply completes the incoming document it answers (issue 14 item 5; per-unit setting).
      await completeOnReply(m, ctx, updated, now);
      if (doc.replacesId) {
        supersedes = doc.replacesId;
        await m.query(
          `UPDATE outgoing_documents SET status = 'replaced', updated_at = $2 WHERE id = $1 AND status = 'issued'`,
          [doc.replacesId, now],
        );
        await reindexOutgoing(m, doc.replacesId);
        await m.query(`UPDATE incoming_documents SET superseded_by_id = $2 WHERE outgoing_id = $1`, [
          doc.replacesId,
          doc.id,
        ]);
      }
    }
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_SENT',
      unitId: doc.unitId,
      payload: {
        documentId: doc.id,
        numberAndNotation: numberAndNotation(doc),
        delivered: created.length,
        alreadyDelivered: recipients.units.length - created.length,
        external: recipients.external.map((e) => e.code),
        routed: recipients.units
          .filter((u) => u.addressedUnitId !== u.recipientUnitId)
          .map((u) => ({ ...u })),
        ...(supersedes ? { supersedes } : {}),
      },
    });
    return {
      document: updated,
      delivered: created.length,
      alreadyDelivered: recipients.units.length - created.length,
      external: recipients.external.map((e) => e.code),
      routed: recipients.units,
    };
  });
}
