import { CodedError } from '../../signing/errors';

export type AccessErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'LOGIN_FAILED'
  | 'LOGIN_LOCKED'
  | 'SESSION_EXPIRED'
  | 'TOKEN_NOT_FOUND';

/**
 * Authentication and authorisation failures. HTTP: LOGIN_FAILED/SESSION_EXPIRED → 401,
 * LOGIN_LOCKED → 423 (or 429), FORBIDDEN → 403, *NOT_FOUND → 404.
 */
export class AccessError extends CodedError {
  declare readonly code: AccessErrorCode;
  constructor(code: AccessErrorCode, message: { vi: string; en: string }, details?: Record<string, unknown>) {
    super(code, message, { details });
  }

  static forbidden(action: string): AccessError {
    return new AccessError(
      'FORBIDDEN',
      { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
      { action },
    );
  }

  static notFound(): AccessError {
    return new AccessError('NOT_FOUND', { vi: 'Không tìm thấy', en: 'Not found' });
  }
}
