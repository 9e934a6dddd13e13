import { CodedError } from '../../signing/errors';

export type ExchangeErrorCode =
  | 'DOCUMENT_CONTENT_MISSING'
  | 'UNIT_GROUP_NOT_FOUND'
  | 'UNIT_GROUP_DUPLICATE'
  | 'UNIT_GROUP_INVALID'
  | 'INCOMING_QUERY_INVALID'
  | 'ATTACHMENT_NOT_FOUND'
  | 'RESULT_FILE_NOT_FOUND'
  | 'UNIT_GROUP_IN_USE';

/**
 * Errors of the exchange module's HTTP-facing functions (groups, inbox, update, content checks). HTTP
 * (server/http/error-status.ts): *_NOT_FOUND → 404, *_DUPLICATE → 409, *_INVALID → 400,
 * DOCUMENT_CONTENT_MISSING and UNIT_GROUP_IN_USE → 409 (exact entries; the stored content of the document is
 * missing: nothing is sent; a group still named by unsent documents).
 */
export class ExchangeError extends CodedError {
  declare readonly code: ExchangeErrorCode;
  constructor(
    code: ExchangeErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static groupNotFound(groupId: string): ExchangeError {
    return new ExchangeError(
      'UNIT_GROUP_NOT_FOUND',
      { vi: 'Không tìm thấy nhóm đơn vị', en: 'Unit group not found' },
      { groupId },
    );
  }

  static groupInvalid(field: string, vi: string, en: string, details: Record<string, unknown> = {}) {
    return new ExchangeError('UNIT_GROUP_INVALID', { vi, en }, { field, ...details });
  }

  static queryInvalid(field: string, vi: string, en: string): ExchangeError {
    return new ExchangeError('INCOMING_QUERY_INVALID', { vi, en }, { field });
  }
}
