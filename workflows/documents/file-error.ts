import { CodedError } from '../../signing/errors';

export type FileErrorCode = 'FILE_NOT_FOUND' | 'FILE_INVALID';

/** Uploaded files: FILE_NOT_FOUND (unknown, or another user's: not disclosed) → 404, FILE_INVALID → 400. */
export class FileError extends CodedError {
  declare readonly code: FileErrorCode;

  constructor(code: FileErrorCode, message: { vi: string; en: string }, details?: Record<string, unknown>) {
    super(code, message, { details });
  }

  static notFound(fileId: string): FileError {
    return new FileError(
      'FILE_NOT_FOUND',
      { vi: 'Không tìm thấy tệp đã tải lên', en: 'Uploaded file not found' },
      { fileId },
    );
  }
}
