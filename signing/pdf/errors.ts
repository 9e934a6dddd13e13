import { CodedError } from '../errors';

/**
 * Error codes raised by the PDF engine. Words, never numbers.
 * - PDF_MALFORMED: the syntax cannot be parsed even with repair.
 * - PDF_LIMIT_EXCEEDED: a configured safety limit (nesting, size, decoded bytes) was hit.
 * - PDF_XREF_BROKEN: no usable cross-reference information and no objects found by scanning.
 * - PDF_OBJECT_NOT_FOUND: an indirect object the caller needs does not exist.
 * - PDF_ENCRYPTED: the operation needs decrypted content or would write into an encrypted file.
 * - PDF_PASSWORD_INCORRECT: the password given for an encrypted document is neither its owner nor
 *   its user password.
 * - PDF_ENCRYPTION_UNSUPPORTED: a security handler or crypt filter the engine cannot decrypt
 *   (public-key handlers, unknown /V, /R or /CFM).
 * - PDF_ENCRYPTION_INVALID: the /Encrypt dictionary lacks or garbles a required entry.
 * - PDF_CHANGES_FORBIDDEN: the document's permissions (/P) forbid the change to a user-password holder.
 * - PDF_UNSUPPORTED_FILTER: a stream filter the engine does not decode.
 * - PDF_REPAIRED_REFUSED: writing an incremental update onto a file that needed repair.
 * - PDF_INVALID_UPDATE: the incremental update itself is inconsistent (unknown reference, ...).
 * - SIGNATURE_TOO_LARGE: the DER signature does not fit the reserved /Contents.
 * - SIGNATURE_PLACEHOLDER_INVALID: the byte range or placeholder does not match the file.
 */
export type PdfErrorCode =
  | 'PDF_MALFORMED'
  | 'PDF_LIMIT_EXCEEDED'
  | 'PDF_XREF_BROKEN'
  | 'PDF_OBJECT_NOT_FOUND'
  | 'PDF_ENCRYPTED'
  | 'PDF_PASSWORD_INCORRECT'
  | 'PDF_ENCRYPTION_UNSUPPORTED'
  | 'PDF_ENCRYPTION_INVALID'
  | 'PDF_CHANGES_FORBIDDEN'
  | 'PDF_UNSUPPORTED_FILTER'
  | 'PDF_REPAIRED_REFUSED'
  | 'PDF_INVALID_UPDATE'
  | 'SIGNATURE_TOO_LARGE'
  | 'SIGNATURE_PLACEHOLDER_INVALID';

/** The PDF engine's error: a CodedError with one of the codes above. */
export class PdfError extends CodedError {
  declare readonly code: PdfErrorCode;

  constructor(
    code: PdfErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Shorthand for the most common case: the file's syntax is broken at a given offset. */
export function malformed(en: string, details?: Record<string, unknown>): PdfError {
  return new PdfError(
    'PDF_MALFORMED',
    { vi: `Tệp PDF bị lỗi cấu trúc: ${en}`, en: `Malformed PDF: ${en}` },
    { details },
  );
}

/** A safety limit was exceeded (hostile or unreasonably large input). */
export function limitExceeded(limit: string, value: number, details?: Record<string, unknown>): PdfError {
  return new PdfError(
    'PDF_LIMIT_EXCEEDED',
    {
      vi: `Tệp PDF vượt quá giới hạn an toàn (${limit} = ${value})`,
      en: `PDF exceeds the safety limit ${limit} (${value})`,
    },
    { details: { limit, value, ...details } },
  );
}
