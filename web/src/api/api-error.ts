// The API's error, as every route answers it: `{ error: { code, message, messageVi, details?, requestId } }`
// (docs/http-api.md). The code is machine-readable (UNIT_NOT_FOUND, VALIDATION_FAILED…); pages show
// the message in the person's language, and forms map `details` to their fields (form-errors.ts).
import type { components } from './schema';

export type ApiErrorBody = components['schemas']['Error']['error'];

export type Language = 'vi' | 'en';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageVi: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? 'HTTP_ERROR';
    this.messageVi = body?.messageVi ?? body?.message ?? `Lỗi HTTP ${status}`;
    this.details = body?.details;
    this.requestId = body?.requestId;
  }

  /** The message in the person's language. */
  text(lang: Language): string {
    return lang === 'en' ? this.message : this.messageVi;
  }
}

/** No answer at all (server down, network cut): status 0. */
export function networkError(): ApiError {
  return new ApiError(0, {
    code: 'NETWORK_ERROR',
    message: 'The server could not be reached. Check the connection and try again.',
    messageVi: 'Không kết nối được với máy chủ. Vui lòng kiểm tra kết nối và thử lại.',
  });
}

/** The ApiError inside whatever a failed response carried (the API's JSON error, text, nothing). */
export function toApiError(status: number, body: unknown): ApiError {
  const error =
    body && typeof body === 'object' && 'error' in body && body.error && typeof body.error === 'object'
      ? (body.error as Partial<ApiErrorBody>)
      : undefined;
  return new ApiError(status, error);
}
