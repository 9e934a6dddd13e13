import { CodedError } from '../../signing/errors';

export type ReportErrorCode =
  | 'REPORT_PERIOD_INVALID'
  | 'REPORT_PERIOD_TOO_LONG'
  | 'REPORT_SCOPE_INVALID'
  | 'REPORT_SCOPE_FORBIDDEN'
  | 'REPORT_MEASURE_UNKNOWN'
  | 'REPORT_NOT_FOUND';

/**
 * Errors of the reports. HTTP (server/): REPORT_PERIOD_INVALID, REPORT_PERIOD_TOO_LONG,
 * REPORT_SCOPE_INVALID, REPORT_MEASURE_UNKNOWN → 400, REPORT_SCOPE_FORBIDDEN → 403 (no counts in the answer),
 * REPORT_NOT_FOUND → 404.
 */
export class ReportError extends CodedError {
  declare readonly code: ReportErrorCode;
  constructor(code: ReportErrorCode, message: { vi: string; en: string }, details?: Record<string, unknown>) {
    super(code, message, { details });
  }

  static periodInvalid(vi: string, en: string, value?: string): ReportError {
    return new ReportError('REPORT_PERIOD_INVALID', { vi, en }, value === undefined ? {} : { value });
  }

  static scopeForbidden(unitId: string): ReportError {
    return new ReportError(
      'REPORT_SCOPE_FORBIDDEN',
      {
        vi: 'Không có quyền xem báo cáo của đơn vị này',
        en: 'You may not see the reports of this unit',
      },
      { unitId },
    );
  }
}
