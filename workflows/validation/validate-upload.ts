import type { ValidationReport } from '../../signing/validate/report/validation-report';
import type { DomainContext } from '../context';
import { recordReport, storeReportJson, type ReportRecord } from './record-report';
import { validateFile, type RevocationEvidence } from './validate-file';
import { assertValidationRole } from './validation-access';
import type { ValidationDeps } from './validation-deps';

export interface UploadedFile {
  /** Temporary file holding the upload (the caller removes it). */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly fileName?: string;
}

export interface ValidationRequest {
  /** Validate at this moment instead of now (the signatures as they stood then). */
  readonly at?: Date;
  /** Only revocation data embedded in the file, even if revocation hosts are allowed. */
  readonly offline?: boolean;
  /** Revocation evidence the auditor holds (CRLs DER or PEM, OCSP responses DER), beside the file's. */
  readonly evidence?: RevocationEvidence;
}

/**
 * An auditor validates a file from outside (an upload): validated in the worker pool, its report
 * stored and recorded (SIGNATURE_VALIDATED). The uploaded PDF itself is not kept.
 */
export async function validateUpload(
  ctx: DomainContext,
  deps: ValidationDeps,
  file: UploadedFile,
  request: ValidationRequest = {},
): Promise<{ record: ReportRecord; report: ValidationReport }> {
  assertValidationRole(ctx.actor, 'upload');
  const now = ctx.clock.now();
  const report = await validateFile(
    ctx.db,
    deps,
    { path: file.path, name: file.fileName ?? null, sha256: file.sha256, size: file.size },
    { at: request.at ?? now, online: !request.offline, now, evidence: request.evidence },
  );
  const reportSha256 = await storeReportJson(deps.objects, report);
  const record = await ctx.db.transaction((m) =>
    recordReport(m, ctx, {
      report,
      reportSha256,
      unitId: ctx.actor.unitId,
      requestedBy: ctx.actor.userId,
      source: 'upload',
    }),
  );
  return { record, report };
}
