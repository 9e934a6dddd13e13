import { CodedError } from '../../signing/errors';

export type DirectoryErrorCode =
  | 'UNIT_CODE_INVALID'
  | 'UNIT_CODE_DUPLICATE'
  | 'UNIT_NOT_FOUND'
  | 'UNIT_DISSOLVED'
  | 'UNIT_LEVEL_INVALID'
  | 'UNIT_NAME_INVALID'
  | 'UNIT_REORGANISATION_INVALID'
  | 'UNIT_SUCCESSOR_CYCLE'
  | 'DATE_INVALID';

/** Errors of the unit directory. Codes map to HTTP in server/ (NOT_FOUND → 404, the others → 409/422). */
export class DirectoryError extends CodedError {
  declare readonly code: DirectoryErrorCode;
  constructor(
    code: DirectoryErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static notFound(unitId: string): DirectoryError {
    return new DirectoryError(
      'UNIT_NOT_FOUND',
      { vi: 'Không tìm thấy đơn vị', en: 'Unit not found' },
      { unitId },
    );
  }

  static dissolved(unitId: string, validTo: string): DirectoryError {
    return new DirectoryError(
      'UNIT_DISSOLVED',
      {
        vi: `Đơn vị đã giải thể hoặc sáp nhập từ ngày ${validTo}`,
        en: `The unit was dissolved or merged on ${validTo}`,
      },
      { unitId, validTo },
    );
  }
}
