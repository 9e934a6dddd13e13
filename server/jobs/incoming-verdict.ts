import type { DocumentValidation } from '../../signing/validate/validation-result';
import { claimedSigningTime } from '../../workflows/exchange/claimed-signing-time';

/** What the inbox shows of the validation on arrival (stored in `incoming_documents.validation`). */
export interface IncomingVerdict {
  /** The worst indication over all signatures; UNSIGNED when the PDF has none; TOTAL_FAILED when unreadable. */
  readonly indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | 'UNSIGNED';
  readonly validatedAt: string;
  readonly signatures: readonly {
    readonly fieldName: string;
    readonly kind: 'signature' | 'document-timestamp';
    readonly signerName: string | null;
    readonly indication: string;
    readonly subIndication: string | null;
    /** ISO 8601 (UTC); null when the signature claims no time or it cannot be read. */
    readonly claimedSigningTime: string | null;
    /** The claimed time as the file gives it (a PDF date `D:20260302090000+07'00'` or ISO 8601). */
    readonly claimedSigningTimeRaw: string | null;
  }[];
  /** Revisions nobody signed after the newest signature. */
  readonly unsignedRevisions: number;
  /** The full JSON report in the object store. */
  readonly reportSha256: string | null;
  /** Why the file could not be evaluated at all (code). */
  readonly error: string | null;
}

/** The summary of a full validation report that the clerk sees on arrival. */
export function incomingVerdict(
  report: DocumentValidation,
  validatedAt: Date,
  reportSha256: string | null,
): IncomingVerdict {
  return {
    indication: report.indication ?? 'UNSIGNED',
    validatedAt: validatedAt.toISOString(),
    signatures: report.signatures.map((s) => ({
      fieldName: s.fieldName,
      kind: s.kind,
      signerName: s.signerName ?? null,
      indication: s.indication,
      subIndication: s.subIndication ?? null,
      ...claimedSigningTime(s.claimedSigningTime),
    })),
    unsignedRevisions: report.unsignedRevisions,
    reportSha256,
    error: null,
  };
}
