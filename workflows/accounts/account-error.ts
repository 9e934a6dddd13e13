import { CodedError } from '../../signing/errors';

export type AccountErrorCode =
  | 'USERNAME_INVALID'
  | 'USERNAME_TAKEN'
  | 'PASSWORD_TOO_WEAK'
  | 'PASSWORD_INCORRECT'
  | 'ROLE_INVALID'
  | 'FULL_NAME_INVALID'
  | 'TOKEN_EXPIRY_INVALID'
  | 'TOKEN_NAME_INVALID'
  | 'EMAIL_INVALID'
  | 'USER_SELF_LOCK'
  | 'USER_SELF_RESET'
  | 'USER_SELF_DEMOTE'
  | 'LAST_PROVINCE_ADMIN';

/** Invalid account data (HTTP 409 for USERNAME_TAKEN and the USER_SELF_* refusals, 400/422 for the others). */
export class AccountError extends CodedError {
  declare readonly code: AccountErrorCode;
  constructor(
    code: AccountErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
}
