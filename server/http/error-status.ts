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
  UPLOAD_QUOTA_EXCEEDED: 413,
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
  OBJECT_CONTENT_CHANGED: 409,
  DATABASE_UNAVAILABLE: 503,
  OBJECT_STORE_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  // Signing (workflows/signing, signing/): the signer's input is wrong (PIN, certificate, file), the
  // document is in the wrong step, or an upstream service (TSA) failed.
  DOCUMENT_STATE_INVALID: 409,
  DOCUMENT_NUMBER_DUPLICATE: 409,
  DOCUMENT_PAPER_ONLY: 403,
  DOCUMENT_CLASSIFIED: 403,
  P12_BAD_PASSWORD: 422,
  P12_MALFORMED: 400,
  P12_UNSUPPORTED: 422,
  PKCS11_LOGIN_FAILED: 422,
  PKCS11_TOKEN_NOT_FOUND: 503,
  PKCS11_KEY_NOT_FOUND: 422,
  PKCS11_ERROR: 502,
  CERT_MALFORMED: 400,
  CERT_EXPIRED: 422,
  CERT_NOT_YET_VALID: 422,
  CERT_REVOKED: 422,
  KEY_CERT_MISMATCH: 422,
  ALGORITHM_UNSUPPORTED: 422,
  PDF_ENCRYPTED: 422,
  PDF_PASSWORD_INCORRECT: 422,
  PDF_ENCRYPTION_UNSUPPORTED: 422,
  PDF_CERTIFIED_NO_CHANGES: 422,
  PDF_REPAIRED_REFUSED: 422,
  // A PDF that cannot be read, or not within the safety limits, is the file's fault (issue 10 item 4).
  PDF_MALFORMED: 422,
  PDF_XREF_BROKEN: 422,
  PDF_LIMIT_EXCEEDED: 422,
  PDF_OBJECT_NOT_FOUND: 422,
  PDF_UNSUPPORTED_FILTER: 422,
  PDF_ENCRYPTION_INVALID: 422,
  PDF_INVALID_UPDATE: 422,
  FIELD_ALREADY_SIGNED: 409,
  IMAGE_UNSUPPORTED: 415,
  FONT_UNSUPPORTED: 422,
  TSA_ERROR: 502,
  PREPARED_SIGNATURE_EXPIRED: 410,
  SIGNING_SESSION_EXPIRED: 410,
  SIGNING_SESSION_USED: 409,
  SIGNING_SESSION_STALE: 409,
  SIGNING_KEY_EXTERNAL: 409,
  SIGNING_KEY_NOT_EXTERNAL: 409,
  SIGNING_CREDENTIAL_INACTIVE: 409,
  SIGNING_PIN_MISSING: 400,
  SIGNING_PIN_INCORRECT: 422,
  DOCUMENT_FIELDS_MISSING: 422,
  FIELD_NOT_FOUND: 422,
  // Exchange (workflows/exchange): incoming transitions out of order, recipients that cannot be resolved,
  // content missing from the object store, a group still named by unsent documents.
  INCOMING_STATE_INVALID: 409,
  INCOMING_NOT_ASSIGNEE: 403,
  RECIPIENT_UNKNOWN: 422,
  RECIPIENT_DISSOLVED: 422,
  RECIPIENTS_EMPTY: 422,
  DOCUMENT_CONTENT_MISSING: 409,
  UNIT_GROUP_IN_USE: 409,
  // A corrected PDF of an issued document without the unit's valid organisation signature (issue 10 item 9).
  UPDATE_SIGNATURE_REQUIRED: 422,
  // Validation (workflows/validation): the worker pool's queue is full, a batch is full, a configured
  // (shipped, file, development) trust anchor cannot be removed through the API.
  VALIDATION_BUSY: 503,
  VALIDATION_BATCH_FULL: 409,
  TRUST_ANCHOR_NOT_REMOVABLE: 409,
  REVOCATION_HOST_PRIVATE: 400,
  // edXML and federation (workflows/exchange/edxml, workflows/federation): packages that cannot be read or
  // are not addressed here are unprocessable, unsigned or wrongly signed ones forbidden; a peer refusing our
  // package is a bad gateway; a recall or update before the document itself was delivered waits.
  EDXML_MALFORMED: 422,
  EDXML_UNSIGNED: 403,
  EDXML_SIGNATURE_INVALID: 403,
  EDXML_SIGNER_UNTRUSTED: 403,
  EDXML_SENDER_MISMATCH: 403,
  EDXML_ATTACHMENT_INVALID: 422,
  EDXML_STATUS_CODE_INVALID: 422,
  EDXML_RECIPIENT_UNKNOWN: 422,
  EDXML_NOT_ADDRESSED: 422,
  FEDERATION_PEER_UNKNOWN: 422,
  FEDERATION_PEER_REFUSED: 502,
  FEDERATION_TLS_REQUIRED: 403,
  FEDERATION_DELIVERY_PENDING: 409,
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
