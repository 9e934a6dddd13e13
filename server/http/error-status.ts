/**
 * The one table from error codes to HTTP statuses. Domain and storage layers throw CodedError
 * subclasses with string codes and know nothing of HTTP; only this file decides the status.
 */
const EXACT: Readonly<Record<string, number>> = {
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  LOGIN_FAILED: 401,
  CSRF_REJECTED: 403,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  ROUTE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPLOAD_NOT_PDF: 400,
  UPLOAD_INCOMPLETE: 400,
  LOGIN_LOCKED: 423,
  RATE_LIMITED: 429,
  UNIT_DISSOLVED: 409,
  UNIT_SUCCESSOR_CYCLE: 409,
  UNIT_REORGANISATION_INVALID: 422,
  USERNAME_TAKEN: 409,
  PASSWORD_TOO_WEAK: 422,
  PASSWORD_INCORRECT: 422,
  OBJECT_RETAINED: 409,
  OBJECT_RETENTION_UNSUPPORTED: 409,
  DATABASE_UNAVAILABLE: 503,
  OBJECT_STORE_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** Suffix rules for the families of codes each layer defines (UNIT_NOT_FOUND, UNIT_CODE_DUPLICATE...). */
const SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['_NOT_FOUND', 404],
  ['_DUPLICATE', 409],
  ['_EXISTS', 409],
  ['_CONFLICT', 409],
  ['_INVALID', 400],
  ['_FORBIDDEN', 403],
  ['_TOO_LARGE', 413],
  ['_UNAVAILABLE', 503],
  ['_LOCKED', 423],
];

/** HTTP status for a CodedError code; unknown codes are server faults (500). */
export function errorStatus(code: string): number {
  const exact = EXACT[code];
  if (exact !== undefined) return exact;
  for (const [suffix, status] of SUFFIXES) if (code.endsWith(suffix)) return status;
  return 500;
}
