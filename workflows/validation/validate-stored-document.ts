import type { ValidationReport } from '../../signing/validate/report/validation-report';
import type { DomainContext } from '../context';
import { withObjectFile } from './object-to-temp-file';
import { recordReport, storeReportJson, type ReportRecord } from './record-report';
import { validateFile } from './validate-file';
import type { ValidationRequest } from './validate-upload';
import { findStoredDocument } from './validation-access';
import type { ValidationDeps } from './validation-deps';

/**
 * Validates a PDF already in the object store, by its SHA-256, when a record the actor may see holds
 * it (auditors and admins: their unit and below; clerks: their own unit's incoming documents).
 */
export async function validateStoredDocument(
  ctx: DomainContext,
  deps: ValidationDeps,
  sha256: string,
  request: ValidationRequest = {},
): Promise<{ record: ReportRecord; report: ValidationReport }> {
  const doc = await findStoredDocument(ctx.db, ctx.actor, sha256);
  const now = ctx.clock.now();
  const report = await withObjectFile(deps.objects, sha256, (file, size) =>
    validateFile(
      ctx.db,
      deps,
      { path: file, name: doc.name, sha256, size },
      {
        at: request.at ?? now,
        online: !request.offline,
        now,
        evidence: request.evidence,
      },
    ),
  );
  const reportSha256 = await storeReportJson(deps.objects, report);
  const record = await ctx.db.transaction((m) =>
    recordReport(m, ctx, {
      report,
      reportSha256,
      unitId: ctx.actor.unitId,
      requestedBy: ctx.actor.userId,
      source: 'stored',
    }),
  );
  return { record, report };
}
