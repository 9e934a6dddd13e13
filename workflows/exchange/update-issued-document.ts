import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertDocumentAccess } from '../documents/document-access';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';
import type { OutgoingDocument } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import { assertPdfDigest, type PdfDigest } from '../documents/pdf-digest';
import { enqueueJobs } from './enqueue-job';
import './exchange-audit-events';
import { EDXML_SEND_JOB, INCOMING_VALIDATE_JOB } from './send-document';
import { reindexIncoming } from '../search/reindex-documents';

export interface UpdateIssuedInput {
  readonly documentId: string;
  /** Why the issued document is corrected (shown to every recipient). */
  readonly reason: string;
  /** The corrected trích yếu. */
  readonly subject?: string;
  /** The corrected PDF (already in the object store), e.g. a re-sealed revision. */
  readonly pdf?: PdfDigest;
}

export interface UpdateIssuedResult {
  readonly document: OutgoingDocument;
  readonly revision: number;
  /** Incoming copies that received the update. */
  readonly recipients: number;
  /** External organisations queued for an edXML package of business type 2. */
  readonly external: readonly string[];
}

/**
 * Update of an issued document (edXML business type 2, "cập nhật"): the sender's clerk corrects the
 * subject and/or the PDF of a document already issued; the document keeps its number and status and its
 * revision goes up. In ONE transaction: the outgoing row and an `updated` version (reason as note);
 * every incoming copy still held by its recipient (not refused, not handed back after a recall) takes
 * the corrected subject and PDF and the new revision, keeps its number and handling state, and gets a
 * status event of kind `update` (code 01: the update arrived) that both sides see; a changed PDF clears
 * the validation verdict and queues validation on arrival again; external recipients get an
 * `edxml.send` job with `businessType: 2`; the audit event. Recalled or replaced documents are not
 * updated.
 */
export async function updateIssuedDocument(
  ctx: DomainContext,
  input: UpdateIssuedInput,
): Promise<UpdateIssuedResult> {
  const reason = typeof input.reason === 'string' ? input.reason.normalize('NFC').trim() : '';
  if (!reason) throw DocumentError.invalid('reason', 'Cần ghi lý do cập nhật', 'A reason is required');
  const subject =
    input.subject === undefined ? undefined : String(input.subject).normalize('NFC').trim() || undefined;
  if (input.subject !== undefined && subject === undefined) {
    throw DocumentError.invalid('subject', 'Trích yếu không được để trống', 'The subject cannot be empty');
  }
  const pdf = input.pdf ? assertPdfDigest(input.pdf) : undefined;
  const now = ctx.clock.now();

  return ctx.db.transaction(async (m) => {
    const doc = await outgoingRepository.findById(m, input.documentId, { forUpdate: true });
    if (!doc) throw DocumentError.notFound(input.documentId);
    await assertDocumentAccess(m, ctx.actor, doc.unitId, { act: ['clerk'] }, () =>
      DocumentError.notFound(doc.id),
    );
    if (doc.status !== 'issued' || doc.medium !== 'electronic')
      throw DocumentError.state(doc.id, doc.status, 'update');
    const changes: { subject?: { from: string; to: string }; sha256?: { from: string; to: string } } = {};
    if (subject !== undefined && subject !== doc.subject)
      changes.subject = { from: doc.subject, to: subject };
    if (pdf && pdf.sha256 !== doc.pdfSha256) changes.sha256 = { from: doc.pdfSha256, to: pdf.sha256 };
    if (!changes.subject && !changes.sha256) {
      throw DocumentError.invalid(
        'subject',
        'Bản cập nhật phải sửa trích yếu hoặc tệp văn bản',
        'An update must change the subject or the PDF',
      );
    }

    const [{ revision: current }]: { revision: number }[] = await m.query(
      `SELECT revision FROM outgoing_documents WHERE id = $1`,
      [doc.id],
    );
    const revision = current + 1;
    const newSubject = changes.subject?.to ?? doc.subject;
    const newPdf = pdf && changes.sha256 ? pdf : { sha256: doc.pdfSha256, size: doc.pdfSize };
    const updated = await outgoingRepository.update(
      m,
      doc.id,
      {
        subject: newSubject,
        pdf_sha256: newPdf.sha256,
        pdf_size: newPdf.size,
        revision,
        revised_at: now,
      },
      now,
    );
    // The `updated` step (migration 1764300000000) is written here: the documents module's VersionStep
    // lists the steps of the signing sequence only.
    await m.query(
      `INSERT INTO document_versions (document_id, seq, step, sha256, size, actor_user_id, note, created_at)
       SELECT $1, COALESCE(MAX(seq), 0) + 1, 'updated', $2, $3, $4, $5, $6 FROM document_versions WHERE document_id = $1`,
      [doc.id, newPdf.sha256, newPdf.size, ctx.actor.userId, reason, now],
    );

    const [copies]: [{ id: string }[], number] = await m.query(
      `UPDATE incoming_documents
         SET subject = $2, pdf_sha256 = $3, revision = $4, revised_at = $5,
             validation = CASE WHEN pdf_sha256 = $3 THEN validation ELSE NULL END
       WHERE outgoing_id = $1 AND status_code <> '02' AND recall_code IS DISTINCT FROM '15'
       RETURNING id`,
      [doc.id, newSubject, newPdf.sha256, revision, now],
    );
    await reindexIncoming(
      m,
      copies.map((c) => c.id),
    );
    // Code 01 (the corrected copy arrived) of kind `update`, which both sides list as an update.
    await m.query(
      `INSERT INTO status_events (incoming_id, outgoing_id, code, kind, occurred_at, actor_user_id, actor_unit_id, note)
       SELECT i, $2, '01', 'update', $3, $4, $5, $6 FROM unnest($1::uuid[]) AS t(i)`,
      [copies.map((c) => c.id), doc.id, now, ctx.actor.userId, doc.unitId, reason],
    );

    const external = doc.recipients.flatMap((r) => (r.kind === 'external' ? [r.code.trim()] : []));
    await enqueueJobs(m, [
      ...(changes.sha256 && copies.length
        ? [
            {
              kind: INCOMING_VALIDATE_JOB,
              payload: { pdfSha256: newPdf.sha256, incomingIds: copies.map((c) => c.id) },
              runAt: now,
            },
          ]
        : []),
      ...external.map((code) => ({
        kind: EDXML_SEND_JOB,
        payload: { documentId: doc.id, to: code, businessType: 2, revision, reason },
        runAt: now,
        dedupeKey: `${EDXML_SEND_JOB}:${doc.id}:${code}:update:${revision}`,
      })),
    ]);

    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_UPDATED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, revision, reason, changes, recipients: copies.length, external },
    });
    return { document: updated, revision, recipients: copies.length, external };
  });
}
