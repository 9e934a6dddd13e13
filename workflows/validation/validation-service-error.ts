import { CodedError } from '../../signing/errors';

export type ValidationServiceErrorCode =
  | 'VALIDATION_REPORT_NOT_FOUND'
  | 'VALIDATION_DOCUMENT_NOT_FOUND'
  | 'VALIDATION_BATCH_NOT_FOUND'
  | 'VALIDATION_BATCH_FULL'
  | 'TRUST_ANCHOR_INVALID'
  | 'TRUST_ANCHOR_DUPLICATE'
  | 'TRUST_ANCHOR_NOT_FOUND'
  | 'TRUST_ANCHOR_NOT_REMOVABLE'
  | 'REVOCATION_HOST_INVALID'
  | 'REVOCATION_HOST_PRIVATE';

/**
 * Errors of the validation service. HTTP (server/http/error-status.ts): *_NOT_FOUND → 404 (also for
 * another unit's reports, batches and documents: their existence is not disclosed), *_INVALID → 400,
 * *_DUPLICATE → 409, REVOCATION_HOST_PRIVATE → 400, VALIDATION_BATCH_FULL and TRUST_ANCHOR_NOT_REMOVABLE → 409.
 */
export class ValidationServiceError extends CodedError {
  declare readonly code: ValidationServiceErrorCode;

  constructor(
    code: ValidationServiceErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static reportNotFound(id: string): ValidationServiceError {
    return new ValidationServiceError(
      'VALIDATION_REPORT_NOT_FOUND',
      { vi: 'Không tìm thấy báo cáo kiểm tra chữ ký', en: 'Validation report not found' },
      { reportId: id },
    );
  }

  static documentNotFound(sha256: string): ValidationServiceError {
    return new ValidationServiceError(
      'VALIDATION_DOCUMENT_NOT_FOUND',
      { vi: 'Không tìm thấy văn bản có mã băm này', en: 'No document with this hash was found' },
      { sha256 },
    );
  }

  static batchNotFound(id: string): ValidationServiceError {
    return new ValidationServiceError(
      'VALIDATION_BATCH_NOT_FOUND',
      { vi: 'Không tìm thấy lô kiểm tra', en: 'Validation batch not found' },
      { batchId: id },
    );
  }
}
