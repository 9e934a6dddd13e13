import { CodedError } from '../../signing/errors';
import type { Certificate } from '../../signing/pki/certificate';
import type { DocumentValidation } from '../../signing/validate/validation-result';
import type { ValidationPool } from './validation-pool';

/**
 * validatePdf's shape on top of the worker pool, for callers that want a DocumentValidation
 * (validation on arrival): a file that cannot be evaluated throws its VALIDATION_* problem as a
 * CodedError (VALIDATION_UNREADABLE, VALIDATION_TIMEOUT, VALIDATION_MEMORY_LIMIT,
 * VALIDATION_WORKER_FAILED); a full pool throws VALIDATION_BUSY.
 */
export function isolatedValidatePdf(
  pool: ValidationPool,
): (
  pdf: Buffer | string,
  options: { trustAnchors: readonly Certificate[]; at: Date },
) => Promise<DocumentValidation> {
  return async (pdf, options) => {
    const outcome = await pool.run({
      ...(typeof pdf === 'string' ? { path: pdf } : { bytes: pdf }),
      at: options.at.toISOString(),
      trustAnchorsDer: options.trustAnchors.map((c) => c.der),
    });
    if (outcome.kind === 'result') return outcome.result;
    const p = outcome.problem;
    throw new CodedError(p.code, { vi: p.messageVi, en: p.message }, { details: { reason: p.detail } });
  };
}
