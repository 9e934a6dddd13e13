import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import './document-audit-events';
import { assertDocumentSigner } from './assert-document-signer';
import { assertDocumentAccess } from './document-access';
import { linkReply } from './document-replies';
import { DocumentError } from './document-error';
import {
  CLASSIFICATIONS,
  URGENCIES,
  type Attachment,
  type Classification,
  type OutgoingDocument,
  type RecipientSpec,
  type Urgency,
} from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';
import { assertPdfDigest, type PdfDigest } from './pdf-digest';

export interface DraftInput {
  /** Decree 30 Appendix VI metadata. */
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency?: Urgency;
  readonly classification?: Classification;
  readonly dueDate?: string | null;
  /** Người ký: an active leader of the drafting unit (the one expected to sign; see recordLeaderSignature). */
  readonly signerUserId?: string | null;
  readonly recipients: readonly RecipientSpec[];
  readonly attachments?: readonly Attachment[];
  /** The PDF, already put to the object store by the caller. */
  readonly pdf: PdfDigest;
  /** For a replacing document (edXML business type 3): the issued document it replaces. */
  readonly replacesId?: string | null;
  /** With `replacesId`: why it is replaced (kept in the audit event, sent as the edXML reason). */
  readonly replaceReason?: string | null;
  /** A reply (edXML ResponseFor): the registered incoming document of the unit this draft answers. */
  readonly replyToIncomingId?: string | null;
}

function text(v: unknown, field: string, label: string): string {
  if (typeof v !== 'string' || v.trim() === '') {
    throw DocumentError.invalid(field, `Thiếu ${label}`, `Missing ${field}`);
  }
  return v.trim();
}

function replaceReason(input: DraftInput): string | null {
  const reason = typeof input.replaceReason === 'string' ? input.replaceReason.trim() : '';
  if (reason && !input.replacesId) {
    throw DocumentError.invalid(
      'replaceReason',
      'Chỉ ghi lý do thay thế khi văn bản thay thế một văn bản đã ban hành',
      'A replace reason needs replacesId',
    );
  }
  return reason || null;
}

/** Checks Appendix VI metadata; shared by drafting and paper registration. */
export function checkDraftInput(input: DraftInput): Omit<DraftInput, 'pdf'> & { pdf: PdfDigest } {
  const urgency = input.urgency ?? 'normal';
  const classification = input.classification ?? 'none';
  if (!URGENCIES.includes(urgency))
    throw DocumentError.invalid('urgency', 'Độ khẩn không hợp lệ', 'Invalid urgency');
  if (!CLASSIFICATIONS.includes(classification)) {
    throw DocumentError.invalid('classification', 'Độ mật không hợp lệ', 'Invalid classification');
  }
  if (!Array.isArray(input.recipients)) {
    throw DocumentError.invalid('recipients', 'Danh sách nơi nhận không hợp lệ', 'Invalid recipients');
  }
  for (const a of input.attachments ?? []) {
    text(a.name, 'attachments.name', 'tên phụ lục');
    assertPdfDigest(a, 'attachments');
  }
  return {
    ...input,
    documentType: text(input.documentType, 'documentType', 'loại văn bản'),
    notation: text(input.notation, 'notation', 'ký hiệu'),
    subject: text(input.subject, 'subject', 'trích yếu'),
    urgency,
    classification,
    dueDate: input.dueDate ? vietnamDate(input.dueDate) : null,
    replaceReason: replaceReason(input),
    pdf: assertPdfDigest(input.pdf),
  };
}

/** A specialist (or a leader) drafts an outgoing document of their own unit: version 1 is the uploaded PDF. */
export async function createDraft(ctx: DomainContext, input: DraftInput): Promise<OutgoingDocument> {
  const d = checkDraftInput(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    await assertDocumentAccess(m, ctx.actor, ctx.actor.unitId, { act: ['specialist', 'leader'] }, () =>
      DocumentError.notFound(''),
    );
    if (d.signerUserId) await assertDocumentSigner(m, ctx.actor.unitId, d.signerUserId);
    if (d.replacesId) {
      const old = await outgoingRepository.findById(m, d.replacesId);
      if (!old || old.unitId !== ctx.actor.unitId) throw DocumentError.notFound(d.replacesId);
      if (old.status !== 'issued') throw DocumentError.state(old.id, old.status, 'replace');
    }
    const doc = await outgoingRepository.insert(m, {
      unitId: ctx.actor.unitId,
      medium: 'electronic',
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
      replacesId: d.replacesId ?? null,
      createdAt: now,
    });
    if (d.replyToIncomingId) await linkReply(m, ctx.actor, doc.id, d.replyToIncomingId, now);
    await outgoingRepository.addVersion(
      m,
      doc.id,
      { step: 'drafted', ...d.pdf, actorUserId: ctx.actor.userId },
      now,
    );
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_DRAFTED',
      unitId: doc.unitId,
      payload: {
        documentId: doc.id,
        sha256: d.pdf.sha256,
        medium: 'electronic',
        ...(d.replacesId ? { replacesId: d.replacesId } : {}),
        ...(d.replaceReason ? { replaceReason: d.replaceReason } : {}),
        ...(d.replyToIncomingId ? { replyToIncomingId: d.replyToIncomingId } : {}),
      },
    });
    return doc;
  });
}
