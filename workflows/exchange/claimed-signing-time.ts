import { parsePdfDate } from './parse-pdf-date';

/** ISO 8601 as the validator writes a CMS signing-time attribute (`2026-03-02T02:00:00.000Z`). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The time a signature claims (its CMS signing-time attribute, or the signature dictionary's /M, a PDF
 * date), as the API gives it: `claimedSigningTime` in ISO 8601 (UTC), null when there is none or it
 * cannot be read, and `claimedSigningTimeRaw`, the text as found in the file.
 */
export function claimedSigningTime(raw: string | null | undefined): {
  readonly claimedSigningTime: string | null;
  readonly claimedSigningTimeRaw: string | null;
} {
  if (raw === null || raw === undefined || raw === '')
    return { claimedSigningTime: null, claimedSigningTimeRaw: null };
  const at = ISO_8601.test(raw) ? new Date(raw) : parsePdfDate(raw);
  return {
    claimedSigningTime: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
    claimedSigningTimeRaw: raw,
  };
}
