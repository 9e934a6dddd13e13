/**
 * The validation report: what the CLI prints with `--json`, the API returns and the object store
 * keeps. It wraps the validator's DocumentValidation (docs/validation.md) with what a reader of the
 * report needs besides: which file (SHA-256), which trust anchors and revocation mode, and — for files
 * that could not be evaluated — why. Its JSON Schema is `validation-report.schema.json` next to this
 * file (test/signing/validate/report checks real reports against it).
 */
import type { DocumentValidation, Indication } from '../validation-result';

export const REPORT_VERSION = 1;

/**
 * - VALIDATED: the file was evaluated and has at least one signature (`validation` holds the result).
 * - NO_SIGNATURE: evaluated, no signature (`validation` holds the result, `indication` is null).
 * - UNREADABLE: not a PDF the reader can evaluate (VALIDATION_UNREADABLE); `validation` is null.
 * - ABORTED: the evaluation was stopped (time or memory limit, worker failure); `indication` is
 *   INDETERMINATE (ETSI EN 319 102-1 §5.1.3: the checks could not conclude), never TOTAL_PASSED.
 */
export type ReportStatus = 'VALIDATED' | 'NO_SIGNATURE' | 'UNREADABLE' | 'ABORTED';

export interface ReportProblem {
  /** VALIDATION_UNREADABLE, VALIDATION_TIMEOUT, VALIDATION_MEMORY_LIMIT, VALIDATION_WORKER_FAILED. */
  readonly code: string;
  readonly message: string;
  readonly messageVi: string;
  /** Technical detail (the reader's or worker's own message), English. */
  readonly detail: string | null;
}

export interface ReportTrustAnchor {
  readonly subject: string;
  /** Lowercase hex SHA-256 of the DER certificate. */
  readonly sha256: string;
  /** shipped | admin | development | file | command-line */
  readonly source: string;
}

export interface ValidationReport {
  readonly reportVersion: typeof REPORT_VERSION;
  /** When the report was produced (ISO 8601). */
  readonly generatedAt: string;
  readonly file: {
    /** The name the file had for its owner (upload name, path base name); display only. */
    readonly name: string | null;
    readonly sha256: string;
    readonly size: number;
  };
  readonly status: ReportStatus;
  /** The worst indication over all signatures; INDETERMINATE when ABORTED; null otherwise. */
  readonly indication: Indication | null;
  readonly problem: ReportProblem | null;
  readonly settings: {
    /** The moment certificates were evaluated at (ISO 8601). */
    readonly validationTime: string;
    /** offline: only revocation data embedded in the file; online: also fetched (allow-list). */
    readonly revocation: 'offline' | 'online';
    readonly trustAnchors: readonly ReportTrustAnchor[];
  };
  readonly validation: DocumentValidation | null;
}

export interface ReportInput {
  readonly file: ValidationReport['file'];
  readonly generatedAt: Date;
  readonly settings: ValidationReport['settings'];
  readonly outcome:
    | { readonly kind: 'result'; readonly result: DocumentValidation }
    | { readonly kind: 'unreadable' | 'aborted'; readonly problem: ReportProblem };
}

/** Builds the report as plain JSON data (undefined members dropped, as JSON.stringify would). */
export function buildValidationReport(input: ReportInput): ValidationReport {
  const o = input.outcome;
  const validation =
    o.kind === 'result' ? (JSON.parse(JSON.stringify(o.result)) as DocumentValidation) : null;
  const signed = validation !== null && validation.signatures.length > 0;
  const status: ReportStatus =
    o.kind === 'result'
      ? signed
        ? 'VALIDATED'
        : 'NO_SIGNATURE'
      : o.kind === 'unreadable'
        ? 'UNREADABLE'
        : 'ABORTED';
  return {
    reportVersion: REPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    file: { name: input.file.name, sha256: input.file.sha256, size: input.file.size },
    status,
    indication:
      status === 'VALIDATED'
        ? (validation!.indication ?? null)
        : status === 'ABORTED'
          ? 'INDETERMINATE'
          : null,
    problem: o.kind === 'result' ? null : o.problem,
    settings: {
      validationTime: input.settings.validationTime,
      revocation: input.settings.revocation,
      trustAnchors: input.settings.trustAnchors.map((a) => ({
        subject: a.subject,
        sha256: a.sha256,
        source: a.source,
      })),
    },
    validation,
  };
}
