import { CodedError } from '../../signing/errors';

export type ArchiveErrorCode =
  | 'ARCHIVE_QUERY_INVALID'
  | 'CASE_FILE_NOT_FOUND'
  | 'CASE_FILE_INVALID'
  | 'CASE_FILE_DUPLICATE'
  | 'CASE_FILE_STATE_INVALID'
  | 'CASE_FILE_EMPTY'
  | 'FILING_DOCUMENT_NOT_FOUND'
  | 'FILING_DOCUMENT_NOT_FILEABLE'
  | 'FILING_DOCUMENT_ALREADY_FILED'
  | 'RETENTION_NOT_FOUND'
  | 'RETENTION_INVALID'
  | 'RETENTION_DUPLICATE'
  | 'TRANSFER_NOT_FOUND'
  | 'TRANSFER_INVALID'
  | 'TRANSFER_STATE_INVALID'
  | 'ARCHIVAL_RECORD_NOT_FOUND'
  | 'ARCHIVAL_RECORD_HELD'
  | 'ARCHIVAL_RECORD_NOT_SIGNED'
  | 'RETENTION_NOT_ENDED'
  | 'DISPOSAL_NOT_FOUND'
  | 'DISPOSAL_INVALID'
  | 'DISPOSAL_STATE_INVALID'
  | 'DISPOSAL_APPROVALS_MISSING'
  | 'DISPOSAL_APPROVER_INVALID';

/**
 * Refusals of the archive (case files, transfers, retention, disposal). HTTP (server/http/error-status.ts):
 * *_NOT_FOUND → 404, *_INVALID → 400, *_DUPLICATE, *_STATE_INVALID, CASE_FILE_EMPTY,
 * FILING_DOCUMENT_NOT_FILEABLE / _ALREADY_FILED, ARCHIVAL_RECORD_HELD, ARCHIVAL_RECORD_NOT_SIGNED, RETENTION_NOT_ENDED and
 * DISPOSAL_APPROVALS_MISSING → 409, DISPOSAL_APPROVER_INVALID → 403.
 */
export class ArchiveError extends CodedError {
  declare readonly code: ArchiveErrorCode;
  constructor(
    code: ArchiveErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static invalid(
    code:
      | 'CASE_FILE_INVALID'
      | 'RETENTION_INVALID'
      | 'TRANSFER_INVALID'
      | 'DISPOSAL_INVALID'
      | 'ARCHIVE_QUERY_INVALID',
    field: string,
    vi: string,
    en: string,
  ): ArchiveError {
    return new ArchiveError(code, { vi, en }, { field });
  }

  static fileNotFound(fileId: string): ArchiveError {
    return new ArchiveError(
      'CASE_FILE_NOT_FOUND',
      { vi: 'Không tìm thấy hồ sơ', en: 'Case file not found' },
      { fileId },
    );
  }

  static fileState(fileId: string, status: string, vi: string, en: string): ArchiveError {
    return new ArchiveError('CASE_FILE_STATE_INVALID', { vi, en }, { fileId, status });
  }

  static documentNotFound(sourceKind: string, sourceId: string): ArchiveError {
    return new ArchiveError(
      'FILING_DOCUMENT_NOT_FOUND',
      { vi: 'Không tìm thấy văn bản', en: 'Document not found' },
      { sourceKind, sourceId },
    );
  }

  static retentionNotFound(retentionId: string): ArchiveError {
    return new ArchiveError(
      'RETENTION_NOT_FOUND',
      { vi: 'Không tìm thấy thời hạn bảo quản', en: 'Retention period not found' },
      { retentionId },
    );
  }

  static transferNotFound(transferId: string): ArchiveError {
    return new ArchiveError(
      'TRANSFER_NOT_FOUND',
      { vi: 'Không tìm thấy đợt nộp lưu', en: 'Transfer not found' },
      { transferId },
    );
  }

  static transferState(transferId: string, status: string): ArchiveError {
    return new ArchiveError(
      'TRANSFER_STATE_INVALID',
      {
        vi: 'Đợt nộp lưu này đã được tiếp nhận hoặc trả lại',
        en: 'This transfer was already accepted or returned',
      },
      { transferId, status },
    );
  }

  static recordNotFound(recordId: string): ArchiveError {
    return new ArchiveError(
      'ARCHIVAL_RECORD_NOT_FOUND',
      { vi: 'Không tìm thấy tài liệu lưu trữ', en: 'Archival record not found' },
      { recordId },
    );
  }

  static disposalNotFound(proposalId: string): ArchiveError {
    return new ArchiveError(
      'DISPOSAL_NOT_FOUND',
      { vi: 'Không tìm thấy đề nghị tiêu hủy', en: 'Disposal proposal not found' },
      { proposalId },
    );
  }

  static disposalState(proposalId: string, status: string): ArchiveError {
    return new ArchiveError(
      'DISPOSAL_STATE_INVALID',
      {
        vi: 'Đề nghị tiêu hủy này đã được thực hiện hoặc bị từ chối',
        en: 'This disposal proposal was already carried out or rejected',
      },
      { proposalId, status },
    );
  }
}
