import { CodedError } from '../../signing/errors';

export type DigitisationErrorCode =
  | 'DIGITISATION_RECORD_NOT_FOUND'
  | 'DIGITISATION_FILE_NOT_FOUND'
  | 'DIGITISATION_FORMAT_UNSUPPORTED'
  | 'DIGITISATION_RESOLUTION_TOO_LOW'
  | 'DIGITISATION_RESOLUTION_UNKNOWN'
  | 'DIGITISATION_TOO_MANY_PAGES'
  | 'DIGITISATION_IMAGE_TOO_LARGE'
  | 'DIGITISATION_TOO_MANY_FILES'
  | 'DIGITISATION_UNREADABLE'
  | 'DIGITISATION_STATE_CONFLICT'
  | 'DIGITISATION_NO_FILES';

/**
 * Digitisation of paper records (docs/digitisation.md). HTTP: *_NOT_FOUND → 404 (another unit's record
 * is not disclosed), FORMAT_UNSUPPORTED → 415, RESOLUTION_* / TOO_MANY_* / IMAGE_TOO_LARGE / UNREADABLE → 422,
 * STATE_CONFLICT / NO_FILES → 409.
 */
export class DigitisationError extends CodedError {
  declare readonly code: DigitisationErrorCode;

  constructor(
    code: DigitisationErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }

  static recordNotFound(recordId: string): DigitisationError {
    return new DigitisationError(
      'DIGITISATION_RECORD_NOT_FOUND',
      { vi: 'Không tìm thấy hồ sơ số hóa', en: 'Digitised record not found' },
      { recordId },
    );
  }

  static fileNotFound(fileId: string): DigitisationError {
    return new DigitisationError(
      'DIGITISATION_FILE_NOT_FOUND',
      { vi: 'Không tìm thấy tệp quét', en: 'Scan file not found' },
      { fileId },
    );
  }

  static resolutionTooLow(dpi: number, minDpi: number, page: number): DigitisationError {
    return new DigitisationError(
      'DIGITISATION_RESOLUTION_TOO_LOW',
      {
        vi: `Độ phân giải bản quét là ${dpi} dpi (trang ${page}), thấp hơn mức tối thiểu ${minDpi} dpi: hãy quét lại`,
        en: `The scan's resolution is ${dpi} dpi (page ${page}), below the minimum of ${minDpi} dpi: scan it again`,
      },
      { dpi, minDpi, page },
    );
  }

  static resolutionUnknown(page: number): DigitisationError {
    return new DigitisationError(
      'DIGITISATION_RESOLUTION_UNKNOWN',
      {
        vi: `Tệp ảnh không ghi độ phân giải (trang ${page}): hãy quét lại với độ phân giải từ 200 dpi`,
        en: `The image does not record its resolution (page ${page}): scan it again at 200 dpi or more`,
      },
      { page },
    );
  }

  static stateConflict(status: string): DigitisationError {
    return new DigitisationError(
      'DIGITISATION_STATE_CONFLICT',
      {
        vi: `Hồ sơ đang ở trạng thái "${status}", không thực hiện được thao tác này`,
        en: `The record is ${status}: this cannot be done now`,
      },
      { status },
    );
  }
}
