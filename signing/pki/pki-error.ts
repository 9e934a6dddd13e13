import { CodedError } from '../errors';

/**
 * Error codes of the PKI, CMS and signer layers (signing/pki, signing/cms, signing/sign/signers).
 * Words, never numbers.
 * - ASN1_MALFORMED: DER that cannot be decoded (truncated, BER, trailing bytes).
 * - CMS_MALFORMED: decodes as DER but is not the CMS structure expected (RFC 5652).
 * - CMS_UNSUPPORTED: a valid CMS using something we do not handle (several signers, unknown algorithm).
 * - CERT_MALFORMED: not an X.509 certificate (RFC 5280).
 * - CERT_EXPIRED / CERT_NOT_YET_VALID: outside its validity at the injected time.
 * - P12_BAD_PASSWORD: the PKCS#12 MAC or decryption fails with the password given.
 * - P12_MALFORMED / P12_UNSUPPORTED: unreadable PKCS#12, or no key, or an unusable key type.
 * - KEY_CERT_MISMATCH: the private key does not belong to the certificate.
 * - ALGORITHM_UNSUPPORTED: digest, key or signature algorithm outside the supported set.
 * - PKCS11_ERROR / PKCS11_TOKEN_NOT_FOUND / PKCS11_KEY_NOT_FOUND / PKCS11_LOGIN_FAILED: token access.
 * - EXTERNAL_SIGNATURE_INVALID: a two-step signature value does not verify with the certificate.
 * - PREPARED_SIGNATURE_EXPIRED: a two-step preparation is past its expiry at the injected time.
 * - PREPARED_SIGNATURE_INVALID: the persisted preparation is not one we produced or is damaged.
 * - TSA_ERROR: the timestamp authority refused, or its reply does not match the request (RFC 3161).
 * - OCSP_MALFORMED_REQUEST: an OCSP request that cannot be parsed (RFC 6960).
 * - SIGNER_CONFIG_INVALID: the signer configuration is incomplete or contradictory.
 */
export type PkiErrorCode =
  | 'ASN1_MALFORMED'
  | 'CMS_MALFORMED'
  | 'CMS_UNSUPPORTED'
  | 'CERT_MALFORMED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'P12_BAD_PASSWORD'
  | 'P12_MALFORMED'
  | 'P12_UNSUPPORTED'
  | 'KEY_CERT_MISMATCH'
  | 'ALGORITHM_UNSUPPORTED'
  | 'PKCS11_ERROR'
  | 'PKCS11_TOKEN_NOT_FOUND'
  | 'PKCS11_KEY_NOT_FOUND'
  | 'PKCS11_LOGIN_FAILED'
  | 'EXTERNAL_SIGNATURE_INVALID'
  | 'PREPARED_SIGNATURE_EXPIRED'
  | 'PREPARED_SIGNATURE_INVALID'
  | 'TSA_ERROR'
  | 'OCSP_MALFORMED_REQUEST'
  | 'SIGNER_CONFIG_INVALID';

/** The error of the PKI, CMS and signer layers: a CodedError with one of the codes above. */
export class PkiError extends CodedError {
  declare readonly code: PkiErrorCode;

  constructor(
    code: PkiErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
