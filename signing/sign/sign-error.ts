import { CodedError } from '../errors';

/**
 * Error codes raised by the signing orchestration (signing/sign). Words, never numbers.
 * - PDF_ENCRYPTED: the input is password-encrypted and no password was given.
 * - PDF_ENCRYPTION_UNSUPPORTED: the input is encrypted for public-key recipients (or with a handler
 *   the engine cannot decrypt).
 * - PDF_CHANGES_FORBIDDEN: only the user password was given and the document's permissions forbid
 *   the change.
 * - PDF_CERTIFIED_NO_CHANGES: a certification signature with DocMDP P=1 forbids any change.
 * - PDF_REPAIRED_REFUSED: the input needed cross-reference repair and repair was not allowed.
 * - SIGN_OPTIONS_INVALID: contradictory or incomplete options (unknown field, missing TSA, ...).
 * - FIELD_NOT_FOUND: a form field to fill or sign does not exist.
 * - FIELD_ALREADY_SIGNED: the named signature field already holds a signature.
 * - IMAGE_UNSUPPORTED: an image that is neither a PNG nor a baseline JPEG we can embed.
 * - FONT_UNSUPPORTED: the stamp font cannot be read or lacks a glyph for the text.
 * - CERT_REVOKED: the signer's certificate is revoked at the signing time.
 * - REVOCATION_UNAVAILABLE: revocation data for B-LT could not be gathered.
 */
export type SignErrorCode =
  | 'PDF_ENCRYPTED'
  | 'PDF_ENCRYPTION_UNSUPPORTED'
  | 'PDF_CHANGES_FORBIDDEN'
  | 'PDF_CERTIFIED_NO_CHANGES'
  | 'PDF_REPAIRED_REFUSED'
  | 'SIGN_OPTIONS_INVALID'
  | 'FIELD_NOT_FOUND'
  | 'FIELD_ALREADY_SIGNED'
  | 'IMAGE_UNSUPPORTED'
  | 'FONT_UNSUPPORTED'
  | 'CERT_REVOKED'
  | 'REVOCATION_UNAVAILABLE';

/** The error of the signing orchestration: a CodedError with one of the codes above. */
export class SignError extends CodedError {
  declare readonly code: SignErrorCode;

  constructor(
    code: SignErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
