import { CodedError } from '../errors';

/**
 * Thrown only when a file cannot be evaluated at all (VALIDATION_UNREADABLE: not a PDF, or a
 * structure no repair recovers). Anything else about a signature is a result, not an exception.
 */
export class ValidationError extends CodedError {}

/** Messages for the causes a user can act on (an encrypted file, a wrong password). */
const REASONS: Record<string, { vi: string; en: string }> = {
  PDF_ENCRYPTED: {
    vi: 'Không thể kiểm tra: tệp PDF được mã hoá bằng mật khẩu; hãy cung cấp mật khẩu của tệp',
    en: 'Cannot evaluate: the PDF is password-encrypted; give its password',
  },
  PDF_PASSWORD_INCORRECT: {
    vi: 'Không thể kiểm tra: mật khẩu của tệp PDF không đúng',
    en: 'Cannot evaluate: incorrect password for the encrypted PDF',
  },
  PDF_ENCRYPTION_UNSUPPORTED: {
    vi: 'Không thể kiểm tra: tệp PDF được mã hoá theo cách không hỗ trợ (khoá công khai)',
    en: 'Cannot evaluate: the PDF is encrypted with an unsupported (public-key) security handler',
  },
  PDF_ENCRYPTION_INVALID: {
    vi: 'Không thể kiểm tra: từ điển mã hoá của tệp PDF không hợp lệ',
    en: 'Cannot evaluate: the PDF has an invalid encryption dictionary',
  },
};

export function unreadable(cause: unknown): ValidationError {
  const code = cause instanceof CodedError ? cause.code : undefined;
  return new ValidationError(
    'VALIDATION_UNREADABLE',
    (code !== undefined ? REASONS[code] : undefined) ?? {
      vi: 'Không thể kiểm tra: tệp không phải PDF đọc được',
      en: 'Cannot evaluate: the file is not a readable PDF',
    },
    {
      cause,
      details: { reason: cause instanceof Error ? cause.message : String(cause), ...(code ? { code } : {}) },
    },
  );
}
