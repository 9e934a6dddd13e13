import type { z } from 'zod';
import { CodedError } from '../../signing/errors';

export type HttpErrorCode =
  | 'INVALID_JSON'
  | 'VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'SESSION_EXPIRED'
  | 'TOKEN_INVALID'
  | 'FORBIDDEN'
  | 'CSRF_REJECTED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'ROUTE_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UPLOAD_NOT_PDF'
  | 'UPLOAD_INCOMPLETE'
  | 'UPLOAD_MULTIPART_INVALID'
  | 'RATE_LIMITED'
  | 'SIGNING_PIN_MISSING'
  | 'DATABASE_UNAVAILABLE'
  | 'OBJECT_STORE_UNAVAILABLE';

/**
 * Errors the HTTP adapter itself raises (bad JSON, failed validation, missing session...). Their
 * statuses come from the same table as every other code (error-status.ts).
 */
export class HttpError extends CodedError {
  declare readonly code: HttpErrorCode;

  constructor(
    code: HttpErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }

  static invalidJson(cause?: unknown): HttpError {
    return new HttpError(
      'INVALID_JSON',
      {
        vi: 'Nội dung yêu cầu không phải JSON hợp lệ.',
        en: 'The request body is not valid JSON.',
      },
      { cause },
    );
  }

  /**
   * A zod failure as VALIDATION_FAILED. `where` says which part of the request failed (body, query,
   * params); each issue names its field path so clients can point at the field.
   */
  static validationFailed(where: 'body' | 'query' | 'params', error: z.ZodError): HttpError {
    const issues = error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
      return {
        path: keys ? keys.map((k) => (path ? `${path}.${k}` : k)).join(',') : path,
        code: issue.code,
        message: issue.message,
        messageVi: vietnameseIssue(issue),
      };
    });
    const listVi = issues.map((i) => `${i.path || where}: ${i.messageVi}`).join('; ');
    const listEn = issues.map((i) => `${i.path || where}: ${i.message}`).join('; ');
    return new HttpError(
      'VALIDATION_FAILED',
      { vi: `Dữ liệu không hợp lệ (${listVi}).`, en: `Invalid input (${listEn}).` },
      { details: { in: where, issues } },
    );
  }

  /**
   * VALIDATION_FAILED for a NUL character or an unpaired UTF-16 surrogate (server/http/unsafe-characters.ts),
   * in the same shape as a zod failure: `details.in` and one issue naming the field.
   */
  static unsafeCharacters(where: 'body' | 'query' | 'params' | 'headers', path: string): HttpError {
    const field = path || where;
    return new HttpError(
      'VALIDATION_FAILED',
      {
        vi: `Dữ liệu không hợp lệ (${field}: chứa ký tự NUL hoặc ký tự Unicode không hợp lệ).`,
        en: `Invalid input (${field}: contains a NUL character or invalid Unicode).`,
      },
      {
        details: {
          in: where,
          issues: [
            {
              path,
              code: 'invalid_characters',
              message: 'Contains a NUL character or an unpaired UTF-16 surrogate',
              messageVi: 'Chứa ký tự NUL hoặc ký tự Unicode không hợp lệ (surrogate lẻ)',
            },
          ],
        },
      },
    );
  }

  /** A path parameter whose percent-encoding is not UTF-8 (express's router fails to decode it). */
  static undecodablePath(cause?: unknown): HttpError {
    return new HttpError(
      'VALIDATION_FAILED',
      {
        vi: 'Đường dẫn không hợp lệ (mã hóa phần trăm không phải UTF-8).',
        en: 'Invalid path (percent-encoding that is not UTF-8).',
      },
      {
        cause,
        details: {
          in: 'params',
          issues: [
            {
              path: '',
              code: 'invalid_encoding',
              message: 'Percent-encoding that is not UTF-8',
              messageVi: 'Mã hóa phần trăm không phải UTF-8',
            },
          ],
        },
      },
    );
  }

  static payloadTooLarge(limitBytes: number): HttpError {
    return new HttpError(
      'PAYLOAD_TOO_LARGE',
      {
        vi: `Nội dung yêu cầu vượt quá giới hạn ${limitBytes.toLocaleString('vi-VN')} byte.`,
        en: `The request body exceeds the limit of ${limitBytes} bytes.`,
      },
      { details: { limitBytes } },
    );
  }

  static unsupportedMediaType(expected: string): HttpError {
    return new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      {
        vi: `Kiểu nội dung không được hỗ trợ; cần ${expected}.`,
        en: `Unsupported content type; expected ${expected}.`,
      },
      { details: { expected } },
    );
  }

  static unauthenticated(): HttpError {
    return new HttpError('UNAUTHENTICATED', {
      vi: 'Bạn cần đăng nhập để tiếp tục.',
      en: 'Authentication is required.',
    });
  }

  static sessionExpired(): HttpError {
    return new HttpError('SESSION_EXPIRED', {
      vi: 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.',
      en: 'The session has expired; please sign in again.',
    });
  }

  static tokenInvalid(): HttpError {
    return new HttpError('TOKEN_INVALID', {
      vi: 'Mã truy cập không hợp lệ, đã thu hồi hoặc đã hết hạn.',
      en: 'The access token is invalid, revoked or expired.',
    });
  }

  static forbidden(): HttpError {
    return new HttpError('FORBIDDEN', {
      vi: 'Bạn không có quyền thực hiện thao tác này.',
      en: 'You are not allowed to perform this operation.',
    });
  }

  static csrfRejected(): HttpError {
    return new HttpError('CSRF_REJECTED', {
      vi: 'Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (X-CSRF-Token).',
      en: 'Request refused: missing or wrong anti-forgery token (X-CSRF-Token).',
    });
  }

  static passwordChangeRequired(): HttpError {
    return new HttpError('PASSWORD_CHANGE_REQUIRED', {
      vi: 'Mật khẩu của bạn đã được quản trị viên đặt lại; hãy đổi mật khẩu trước khi tiếp tục.',
      en: 'Your password was reset by an administrator; change it before continuing.',
    });
  }

  static rateLimited(retryAfterSeconds: number): HttpError {
    return new HttpError(
      'RATE_LIMITED',
      {
        vi: `Quá nhiều yêu cầu; vui lòng thử lại sau ${retryAfterSeconds} giây.`,
        en: `Too many requests; retry in ${retryAfterSeconds} seconds.`,
      },
      { details: { retryAfterSeconds } },
    );
  }

  static routeNotFound(method: string, path: string): HttpError {
    return new HttpError(
      'ROUTE_NOT_FOUND',
      {
        vi: `Không có đường dẫn ${method} ${path}.`,
        en: `No route ${method} ${path}.`,
      },
      { details: { method, path } },
    );
  }

  static databaseUnavailable(cause?: unknown): HttpError {
    return new HttpError(
      'DATABASE_UNAVAILABLE',
      {
        vi: 'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau.',
        en: 'The database is temporarily unavailable; please retry later.',
      },
      { cause },
    );
  }

  static objectStoreUnavailable(cause?: unknown): HttpError {
    return new HttpError(
      'OBJECT_STORE_UNAVAILABLE',
      {
        vi: 'Kho lưu trữ tệp tạm thời không truy cập được; vui lòng thử lại sau.',
        en: 'The object store is temporarily unavailable; please retry later.',
      },
      { cause },
    );
  }
}

function vietnameseIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? 'bắt buộc phải có'
        : `sai kiểu dữ liệu, cần ${issue.expected}`;
    case 'unrecognized_keys':
      return `trường không được phép: ${issue.keys.join(', ')}`;
    case 'too_small':
      return `quá nhỏ hoặc quá ngắn (tối thiểu ${String(issue.minimum)})`;
    case 'too_big':
      return `quá lớn hoặc quá dài (tối đa ${String(issue.maximum)})`;
    case 'invalid_format':
      return `sai định dạng (${issue.format})`;
    case 'invalid_value':
      return `giá trị không hợp lệ, cần một trong: ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `phải là bội số của ${String(issue.divisor)}`;
    default:
      return 'giá trị không hợp lệ';
  }
}
