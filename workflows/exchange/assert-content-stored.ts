import type { ObjectStore } from '../../storage/objects/object-store';
import type { OutgoingDocument } from '../documents/outgoing-document';
import { ExchangeError } from './exchange-error';

/**
 * Checks that what recipients will download is in the object store: the document's current PDF and
 * every attachment, each with the size the database recorded. An unreachable store throws its own
 * OBJECT_STORE_UNAVAILABLE (the caller's transaction has not started, so nothing is half-done); a
 * missing or different object is DOCUMENT_CONTENT_MISSING.
 */
export async function assertContentStored(
  objects: Pick<ObjectStore, 'stat'>,
  doc: Pick<OutgoingDocument, 'id' | 'pdfSha256' | 'pdfSize' | 'attachments'>,
): Promise<void> {
  const parts = [
    { part: 'pdf', sha256: doc.pdfSha256, size: doc.pdfSize },
    ...doc.attachments.map((a) => ({ part: a.name, sha256: a.sha256, size: a.size })),
  ];
  const stats = await Promise.all(parts.map((p) => objects.stat(p.sha256)));
  parts.forEach((p, i) => {
    const stat = stats[i];
    if (!stat || stat.size !== p.size) {
      throw new ExchangeError(
        'DOCUMENT_CONTENT_MISSING',
        {
          vi: `Tệp "${p.part}" của văn bản không có trong kho lưu trữ: không gửi được`,
          en: `The document's file "${p.part}" is not in the object store: it cannot be sent`,
        },
        { documentId: doc.id, part: p.part, sha256: p.sha256 },
      );
    }
  });
}
