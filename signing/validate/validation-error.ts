import { CodedError } from '../errors';

/**
 * Thrown only when a file cannot be evaluated at all (VALIDATION_UNREADABLE: not a PDF, or a
 * structure no repair recovers). Anything else about a signature is a result, not an exception.
 */
export class ValidationError extends CodedError {}

export function unreadable(cause: unknown): ValidationError {
  return new ValidationError(
    'VALIDATION_UNREADABLE',
    {
      vi: 'Không thể kiểm tra: tệp không phải PDF đọc được',
      en: 'Cannot evaluate: the file is not a readable PDF',
    },
    { cause, details: { reason: cause instanceof Error ? cause.message : String(cause) } },
  );
}
