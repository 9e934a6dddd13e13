import { CodedError } from '../../errors';

/**
 * Errors of the trust configuration:
 * - TRUST_ANCHOR_FINGERPRINT_MISMATCH: a shipped anchor file differs from its pinned fingerprint
 *   (replaced or damaged on disk): validation must not start with it.
 * - TRUST_ANCHOR_MISSING: a shipped anchor file cannot be read.
 * - TRUST_ANCHOR_INVALID: an anchor (shipped or added by an admin) is not a readable X.509 certificate.
 */
export type TrustListErrorCode =
  'TRUST_ANCHOR_FINGERPRINT_MISMATCH' | 'TRUST_ANCHOR_MISSING' | 'TRUST_ANCHOR_INVALID';

export class TrustListError extends CodedError {
  declare readonly code: TrustListErrorCode;

  constructor(
    code: TrustListErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
