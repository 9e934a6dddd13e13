import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { assertDocumentSigner } from './assert-document-signer';
import { checkOutgoingStep } from './check-outgoing-step';
import { DocumentError } from './document-error';
import './document-audit-events';
import {
  CLASSIFICATIONS,
  URGENCIES,
  type Classification,
  type OutgoingDocument,
  type RecipientSpec,
  type Urgency,
} from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { ownUploadedFile } from './uploaded-file';
import { reindexOutgoing } from '../search/reindex-documents';

/** What the drafter may change on a draft; absent fields stay as they are. */
export interface DraftChanges {
  readonly documentType?: string;
  readonly notation?: string;
  readonly subject?: string;
  readonly urgency?: Urgency;
  readonly classification?: Classification;
  readonly dueDate?: string | null;
  readonly signerUserId?: string | null;
  readonly recipients?: readonly RecipientSpec[];
  /** POST /api/files id of a new main PDF (a `revised` version); attachments have their own routes. */
  readonly fileId?: string;
}

export const EDIT_STEP = {
  action: 'edit',
  roles: ['specialist', 'leader'],
  from: ['draft', 'returned'],
} as const;

function text(v: string, field: string, label: string, max: number): string {
  const s = v.normalize('NFC').trim();
  if (!s) throw DocumentError.invalid(field, `Thiếu ${label}`, `Missing ${field}`);
  if (s.length > max) throw DocumentError.invalid(field, `${label} quá dài`, `${field} is too long`);
  return s;
}

/**
 * The drafter changes a draft — before it is submitted, or after the leader returned it: any field of
 * Decree 30 Appendix VI metadata, the recipients, the named signer, the deadline, the main PDF (kept as a
 * new `revised` version). One transaction with the row locked; one audit event naming the fields.
 */
export async function editDraft(
  ctx: DomainContext,
  input: { readonly documentId: string } & DraftChanges,
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await checkOutgoingStep(m, ctx.actor, input.documentId, EDIT_STEP, { forUpdate: true });
    if (doc.drafterUserId !== ctx.actor.userId) throw DocumentError.notFound(doc.id);
    const set: Record<string, unknown> = {};
    if (input.documentType !== undefined)
      set.document_type = text(input.documentType, 'documentType', 'loại văn bản', 100);
    if (input.notation !== undefined) set.notation = text(input.notation, 'notation', 'ký hiệu', 50);
    if (input.subject !== undefined) set.subject = text(input.subject, 'subject', 'trích yếu', 2000);
    if (input.urgency !== undefined) {
      if (!URGENCIES.includes(input.urgency))
        throw DocumentError.invalid('urgency', 'Độ khẩn không hợp lệ', 'Invalid urgency');
      set.urgency = input.urgency;
    }
    if (input.classification !== undefined) {
      if (!CLASSIFICATIONS.includes(input.classification))
        throw DocumentError.invalid('classification', 'Độ mật không hợp lệ', 'Invalid classification');
      set.classification = input.classification;
    }
    if (input.dueDate !== undefined) set.due_date = input.dueDate ? vietnamDate(input.dueDate) : null;
    if (input.signerUserId !== undefined) {
      if (input.signerUserId) await assertDocumentSigner(m, doc.unitId, input.signerUserId);
      set.signer_user_id = input.signerUserId;
    }
    if (input.recipients !== undefined) {
      if (!Array.isArray(input.recipients))
        throw DocumentError.invalid('recipients', 'Danh sách nơi nhận không hợp lệ', 'Invalid recipients');
      set.recipients = JSON.stringify(input.recipients);
    }
    let sha256: string | undefined;
    if (input.fileId !== undefined) {
      const pdf = await ownUploadedFile(m, ctx.actor, input.fileId, { pdf: true });
      if (pdf.sha256 !== doc.pdfSha256) {
        await outgoingRepository.addVersion(
          m,
          doc.id,
          { step: 'revised', sha256: pdf.sha256, size: pdf.size, actorUserId: ctx.actor.userId },
          now,
        );
        set.pdf_sha256 = pdf.sha256;
        set.pdf_size = pdf.size;
        sha256 = pdf.sha256;
      }
    }
    const fields = Object.keys(input).filter(
      (k) => k !== 'documentId' && input[k as keyof DraftChanges] !== undefined,
    );
    if (fields.length === 0) {
      throw DocumentError.invalid('body', 'Không có gì để sửa', 'Nothing to change');
    }
    const updated = await outgoingRepository.update(m, doc.id, set, now);
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_DRAFT_EDITED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, fields, ...(sha256 ? { sha256 } : {}) },
    });
    return updated;
  });
}

/**
 * The drafter deletes a draft (or a returned draft) with its versions. A document that went further —
 * submitted, signed, numbered, issued — is never deleted (DOCUMENT_STATE_INVALID); a numbered one keeps
 * its place in the register. The audit event keeps what was deleted.
 */
export async function deleteDraft(ctx: DomainContext, input: { readonly documentId: string }): Promise<void> {
  await ctx.db.transaction(async (m) => {
    const doc = await checkOutgoingStep(
      m,
      ctx.actor,
      input.documentId,
      { ...EDIT_STEP, action: 'delete' },
      { forUpdate: true },
    );
    if (doc.drafterUserId !== ctx.actor.userId || doc.number !== null) {
      throw DocumentError.state(doc.id, doc.status, 'delete');
    }
    await m.query(`DELETE FROM document_versions WHERE document_id = $1`, [doc.id]);
    await m.query(`DELETE FROM outgoing_documents WHERE id = $1`, [doc.id]);
    await reindexOutgoing(m, doc.id);
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_DRAFT_DELETED',
      unitId: doc.unitId,
      payload: {
        documentId: doc.id,
        status: doc.status,
        documentType: doc.documentType,
        notation: doc.notation,
        subject: doc.subject,
        sha256: doc.pdfSha256,
      },
    });
  });
}

/**
 * Decree 30 numbers a document to send it: one without recipients (nơi nhận) would take a number and
 * never leave. Refused before the register is touched, so no number is taken (RECIPIENTS_EMPTY, 422).
 */
export function assertHasRecipients(doc: Pick<OutgoingDocument, 'id' | 'recipients'>): void {
  if (doc.recipients.length > 0) return;
  throw new DocumentError(
    'RECIPIENTS_EMPTY',
    {
      vi: 'Văn bản chưa có nơi nhận: bổ sung nơi nhận trước khi cấp số',
      en: 'The document has no recipients: add them before numbering',
    },
    { documentId: doc.id },
  );
}

/**
 * The clerk sets the recipients (nơi nhận) of a signed document before numbering it, when the drafter
 * left them out: the signed PDF is unchanged, only the routing. Empty lists are refused.
 */
export async function setRecipients(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly recipients: readonly RecipientSpec[] },
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await checkOutgoingStep(
      m,
      ctx.actor,
      input.documentId,
      { action: 'set_recipients', roles: ['clerk'], from: ['signed'] },
      { forUpdate: true },
    );
    if (!Array.isArray(input.recipients) || input.recipients.length === 0) {
      throw DocumentError.invalid('recipients', 'Chọn ít nhất một nơi nhận', 'Choose at least one recipient');
    }
    const updated = await outgoingRepository.update(
      m,
      doc.id,
      { recipients: JSON.stringify(input.recipients) },
      now,
    );
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_RECIPIENTS_SET',
      unitId: doc.unitId,
      payload: { documentId: doc.id, recipients: input.recipients.length },
    });
    return updated;
  });
}
