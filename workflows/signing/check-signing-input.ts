import { CodedError } from '../../signing/errors';
import { limitExceeded, type PdfLimits } from '../../signing/pdf';
import type { SignRole } from '../../signing/sign/sign-pdf';
import type { ValidationPool } from '../validation/validation-pool';
import { SigningError } from './signing-error';

/**
 * The reader limits of a PDF about to be signed — as for validation (signing/validate/validate-pdf.ts:
 * 32 MiB per decoded stream), plus a total of decoded bytes per file, so that many streams under the
 * per-stream limit cannot add up (issue 10 item 5: catalog, page tree and page in object streams of
 * 120 MiB each). Used by the dry run in a separate process and again by the server's own signing.
 */
export const SIGNING_INPUT_LIMITS: Readonly<Partial<PdfLimits>> = {
  maxDecodedStreamBytes: 32 * 1024 * 1024,
  maxTotalDecodedBytes: 64 * 1024 * 1024,
};

/**
 * Checks that a PDF can be signed before the server signs it; throws the PDF engine's coded error
 * (PDF_LIMIT_EXCEEDED, PDF_MALFORMED, ...) when it cannot.
 */
export type SigningInputCheck = (
  file: string,
  options: { readonly role: SignRole; readonly draftFields: boolean },
) => Promise<void>;

/**
 * The check in the validation processes (workflows/validation/validation-pool.ts): the signing engine
 * signs the file once with a throwaway key (dry-run-signing-input.ts) under SIGNING_INPUT_LIMITS and
 * the pool's time, heap and resident-memory limits, off the server's event loop. A file stopped at
 * the time or memory limit is PDF_LIMIT_EXCEEDED with the limit named; a failed process
 * SIGNING_SERVICE_UNAVAILABLE; a full pool VALIDATION_BUSY (503).
 */
export function isolatedSigningInputCheck(pool: ValidationPool): SigningInputCheck {
  return async (file, options) => {
    const outcome = await pool.checkSigningInput({
      kind: 'signing-input',
      path: file,
      role: options.role,
      draftFields: options.draftFields,
      limits: SIGNING_INPUT_LIMITS,
    });
    if (outcome.kind === 'signable') return;
    if (outcome.kind === 'refused') {
      const e = outcome.error;
      throw new CodedError(e.code, { vi: e.messageVi, en: e.message }, { details: e.details });
    }
    const p = outcome.problem;
    if (p.code === 'VALIDATION_TIMEOUT')
      throw limitExceeded('timeMs', pool.limits.timeoutMs, { reason: 'the PDF took too long to read' });
    if (p.code === 'VALIDATION_MEMORY_LIMIT')
      throw limitExceeded('memoryMb', pool.limits.maxRssMb, { reason: p.detail ?? 'memory limit' });
    throw new SigningError(
      'SIGNING_SERVICE_UNAVAILABLE',
      {
        vi: 'Không kiểm tra được tệp PDF trước khi ký; vui lòng thử lại',
        en: 'The PDF could not be checked before signing; please try again',
      },
      { details: { reason: p.detail } },
    );
  };
}
