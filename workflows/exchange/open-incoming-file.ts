import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../storage/objects/object-store';
import { ObjectStoreError } from '../../storage/objects/object-store-error';
import type { DomainContext } from '../context';
import { assertIncomingReadable } from './assert-incoming-readable';
import { ExchangeError } from './exchange-error';

export interface IncomingFile {
  /** The verified stream from the object store (errors with OBJECT_CORRUPT instead of ending if altered). */
  readonly stream: Readable;
  readonly size: number;
  readonly sha256: string;
  /** `application/pdf`; an attachment received as edXML keeps the type read from its bytes. */
  readonly contentType: string;
  /** Display file name (Vietnamese allowed), e.g. `12-QĐ-UBND.pdf`. */
  readonly fileName: string;
}

/**
 * Opens the PDF of an incoming document (or attachment `attachment`, 0-based) for download, after the
 * same access check as reading it. An unreachable store answers OBJECT_STORE_UNAVAILABLE before any
 * byte is sent; an object the store no longer has, OBJECT_NOT_FOUND.
 */
export async function openIncomingFile(
  ctx: DomainContext,
  input: { readonly incomingId: string; readonly attachment?: number },
  deps: { readonly objects: Pick<ObjectStore, 'stat' | 'get'> },
): Promise<IncomingFile> {
  const doc = await assertIncomingReadable(ctx.db, ctx.actor, input.incomingId);
  let sha256 = doc.pdfSha256;
  let fileName = `${safeName(doc.notation)}.pdf`;
  let contentType = 'application/pdf';
  if (input.attachment !== undefined) {
    // Sent inside this server: the outgoing document's files; received as edXML: the package's files.
    const rows: { attachments: { name: string; sha256: string; contentType?: string }[] | null }[] =
      doc.outgoingId
        ? await ctx.db.query(`SELECT attachments FROM outgoing_documents WHERE id = $1`, [doc.outgoingId])
        : await ctx.db.query(`SELECT attachments FROM edxml_incoming WHERE incoming_id = $1`, [doc.id]);
    const a = rows[0]?.attachments?.[input.attachment];
    if (!a) {
      throw new ExchangeError(
        'ATTACHMENT_NOT_FOUND',
        { vi: 'Không tìm thấy phụ lục', en: 'Attachment not found' },
        { incomingId: doc.id, attachment: input.attachment },
      );
    }
    sha256 = a.sha256;
    const name = safeName(a.name);
    contentType = a.contentType ?? 'application/pdf';
    fileName = contentType !== 'application/pdf' || /\.pdf$/i.test(name) ? name : `${name}.pdf`;
  }
  const stat = await deps.objects.stat(sha256);
  if (!stat) throw ObjectStoreError.notFound(sha256);
  const stream = await deps.objects.get(sha256);
  return { stream, size: stat.size, sha256, contentType, fileName };
}

/**
 * Opens a result file of the document's handling (a file of a `result` note, by its SHA-256) after the
 * same access check as reading the document: whoever may read the page may download its results.
 * A hash that is not a result file of this document answers RESULT_FILE_NOT_FOUND.
 */
export async function openResultFile(
  ctx: DomainContext,
  input: { readonly incomingId: string; readonly sha256: string },
  deps: { readonly objects: Pick<ObjectStore, 'stat' | 'get'> },
): Promise<IncomingFile> {
  const doc = await assertIncomingReadable(ctx.db, ctx.actor, input.incomingId);
  const [f]: { name: string; content_type: string | null }[] = await ctx.db.query(
    `SELECT a ->> 'name' AS name,
            (SELECT u.content_type FROM uploaded_files u WHERE u.sha256 = a ->> 'sha256' LIMIT 1) AS content_type
       FROM incoming_notes n, jsonb_array_elements(n.files) a
      WHERE n.incoming_id = $1 AND n.kind = 'result' AND a ->> 'sha256' = $2
      LIMIT 1`,
    [doc.id, input.sha256],
  );
  if (!f) {
    throw new ExchangeError(
      'RESULT_FILE_NOT_FOUND',
      { vi: 'Không tìm thấy tệp kết quả xử lý', en: 'Result file not found' },
      { incomingId: doc.id, sha256: input.sha256 },
    );
  }
  const stat = await deps.objects.stat(input.sha256);
  if (!stat) throw ObjectStoreError.notFound(input.sha256);
  const stream = await deps.objects.get(input.sha256);
  return {
    stream,
    size: stat.size,
    sha256: input.sha256,
    contentType: f.content_type ?? 'application/octet-stream',
    fileName: safeName(f.name),
  };
}

/** A file name from a notation or attachment name: `12/QĐ-UBND` → `12-QĐ-UBND` (no path separators). */
function safeName(s: string): string {
  const cleaned = s
    .normalize('NFC')
    .replace(/[/\\]+/g, '-')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|]+/g, '')
    .trim()
    .slice(0, 150);
  return cleaned || 'van-ban';
}
