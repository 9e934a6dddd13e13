import type { DomainContext } from '../context';
import { DocumentError } from './document-error';
import { canSeeOutgoing } from './outgoing-access';
import { numberAndNotation, type OutgoingDocument } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';

/** A PDF of a document to download: its object, its size and a file name for people. */
export interface OutgoingFile {
  readonly sha256: string;
  readonly size: number;
  /** e.g. "05-QĐ-UBND (đã đóng dấu).pdf", "Phụ lục 1 - Danh sách.pdf" (Vietnamese, may need RFC 5987). */
  readonly fileName: string;
}

const STEP_LABEL: Record<string, string> = {
  drafted: 'dự thảo',
  revised: 'dự thảo sửa',
  signed: 'đã ký',
  numbered: 'đã cấp số',
  sealed: 'đã đóng dấu',
  attachment_signed: 'phụ lục đã ký',
  scanned: 'bản quét',
};

/**
 * Which file to hand out, after the same visibility check as reading the document (unseen →
 * DOCUMENT_NOT_FOUND): `version` (a seq of document_versions), `attachment` (position in the
 * document's current attachments), or the current PDF when neither is given.
 */
export async function outgoingFile(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly version?: number; readonly attachment?: number },
): Promise<OutgoingFile> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc || !(await canSeeOutgoing(ctx.db, ctx.actor, doc))) throw DocumentError.notFound(input.documentId);
  const base = baseName(doc);
  if (input.attachment !== undefined) {
    const a = doc.attachments[input.attachment];
    if (!a) throw notFound(doc.id, 'attachment', input.attachment);
    return { sha256: a.sha256, size: a.size, fileName: withPdf(`${base} - ${a.name}`) };
  }
  if (input.version !== undefined) {
    const v = (await outgoingRepository.versions(ctx.db, doc.id)).find((x) => x.seq === input.version);
    if (!v) throw notFound(doc.id, 'version', input.version);
    const label =
      v.step === 'attachment_signed' && v.note ? `${v.note} (${STEP_LABEL[v.step]})` : STEP_LABEL[v.step];
    return { sha256: v.sha256, size: v.size, fileName: withPdf(`${base} v${v.seq} (${label})`) };
  }
  return { sha256: doc.pdfSha256, size: doc.pdfSize, fileName: withPdf(base) };
}

/** "05/QĐ-UBND" → "05-QĐ-UBND"; before numbering the notation and the subject's start. */
function baseName(doc: OutgoingDocument): string {
  const id =
    doc.number !== null ? numberAndNotation(doc) : `${numberAndNotation(doc)} ${doc.subject.slice(0, 60)}`;
  return id.replace(/[/\\:*?"<>|]|\p{Cc}/gu, '-').trim();
}

function withPdf(name: string): string {
  return name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`;
}

function notFound(documentId: string, what: 'version' | 'attachment', index: number): DocumentError {
  return new DocumentError(
    'DOCUMENT_NOT_FOUND',
    {
      vi: what === 'version' ? `Không có phiên bản ${index}` : `Không có phụ lục ${index}`,
      en: what === 'version' ? `No version ${index}` : `No attachment ${index}`,
    },
    { documentId, [what]: index },
  );
}
