import { CodedError } from '../../../signing/errors';

export type EdxmlErrorCode =
  | 'EDXML_MALFORMED'
  | 'EDXML_TOO_LARGE'
  | 'EDXML_UNSIGNED'
  | 'EDXML_SIGNATURE_INVALID'
  | 'EDXML_SIGNER_UNTRUSTED'
  | 'EDXML_ATTACHMENT_INVALID'
  | 'EDXML_STATUS_CODE_INVALID'
  | 'EDXML_RECIPIENT_UNKNOWN'
  | 'EDXML_NOT_ADDRESSED'
  | 'EDXML_DOCUMENT_NOT_FOUND'
  | 'EDXML_SENDER_MISMATCH';

/**
 * Errors of edXML packages and status messages (QCVN 102:2016), read from another system or written by
 * this one. HTTP (server/http/error-status.ts): EDXML_TOO_LARGE → 413; EDXML_UNSIGNED,
 * EDXML_SIGNATURE_INVALID, EDXML_SIGNER_UNTRUSTED, EDXML_SENDER_MISMATCH → 403; EDXML_DOCUMENT_NOT_FOUND →
 * 404; the others → 422.
 */
export class EdxmlError extends CodedError {
  declare readonly code: EdxmlErrorCode;
  constructor(
    code: EdxmlErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static malformed(reason: string, details?: Record<string, unknown>, cause?: unknown): EdxmlError {
    return new EdxmlError(
      'EDXML_MALFORMED',
      { vi: `Gói tin edXML không hợp lệ: ${reason}`, en: `Malformed edXML message: ${reason}` },
      { reason, ...details },
      cause,
    );
  }

  static tooLarge(what: string, limit: number): EdxmlError {
    return new EdxmlError(
      'EDXML_TOO_LARGE',
      {
        vi: `Gói tin edXML vượt quá giới hạn (${what})`,
        en: `The edXML message exceeds the limit (${what})`,
      },
      { what, limit },
    );
  }

  static attachment(reason: string, details?: Record<string, unknown>, cause?: unknown): EdxmlError {
    return new EdxmlError(
      'EDXML_ATTACHMENT_INVALID',
      {
        vi: `Tệp đính kèm của gói tin edXML không hợp lệ: ${reason}`,
        en: `Invalid edXML attachment: ${reason}`,
      },
      { reason, ...details },
      cause,
    );
  }

  static signature(reason: string, details?: Record<string, unknown>, cause?: unknown): EdxmlError {
    return new EdxmlError(
      'EDXML_SIGNATURE_INVALID',
      { vi: `Chữ ký số của gói tin edXML không hợp lệ: ${reason}`, en: `Invalid edXML signature: ${reason}` },
      { reason, ...details },
      cause,
    );
  }
}
