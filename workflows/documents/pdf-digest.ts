import { DocumentError } from './document-error';

/** The object store's key for a PDF revision is its SHA-256; the caller has put the bytes already. */
export interface PdfDigest {
  readonly sha256: string;
  readonly size: number;
}

export function assertPdfDigest(d: PdfDigest, field = 'pdf'): PdfDigest {
  if (typeof d?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) {
    throw DocumentError.invalid(field, 'Mã băm SHA-256 của tệp không hợp lệ', 'Invalid SHA-256 of the file');
  }
  if (!Number.isSafeInteger(d.size) || d.size <= 0) {
    throw DocumentError.invalid(field, 'Kích thước tệp không hợp lệ', 'Invalid file size');
  }
  return { sha256: d.sha256, size: d.size };
}
