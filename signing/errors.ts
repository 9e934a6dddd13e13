/**
 * The one error base class of the project. Every layer throws subclasses of it with a
 * machine-readable string code and a message in Vietnamese and English; the HTTP layer maps the
 * code to a status (server/http/error-status.ts) and never shows a 500's details.
 *
 * It lives in signing/ because signing/ is the bottom layer that imports nothing of ours; storage/,
 * workflows/ and server/ all import it from here.
 */
export class CodedError extends Error {
  readonly code: string;
  /** Vietnamese message, shown to users. `message` holds the English one. */
  readonly messageVi: string;
  /** Optional machine-readable details (field names, limits, ids). Never secrets. */
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message.en, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.messageVi = message.vi;
    this.details = options?.details;
  }
}

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError;
}
