import type { JobHandler } from '../exchange/job';
import { withObjectFile } from './object-to-temp-file';
import { recordReport, storeReportJson } from './record-report';
import { validateFile } from './validate-file';
import { VALIDATION_BATCH_FILE_JOB } from './validation-batch';
import type { ValidationDeps } from './validation-deps';

/**
 * Job `validation.batch_file`: validates one file of a batch (from the object store, in the worker
 * pool) and records its report, the file's completion and the audit event in the job's transaction:
 * a file is done exactly once, whichever replica takes it. A missing object or a full pool throws,
 * and the job is retried with back-off.
 */
export function validateBatchFile(deps: ValidationDeps): JobHandler {
  return async (m, job, now) => {
    const fileId = String(job.payload.fileId);
    const rows: {
      id: string;
      batch_id: string;
      file_name: string | null;
      pdf_sha256: string;
      report_id: string | null;
      unit_id: string;
      created_by: string;
      online: boolean;
      validation_time: Date | null;
      revocation_crls: Buffer[];
      revocation_ocsps: Buffer[];
    }[] = await m.query(
      `SELECT f.id, f.batch_id, f.file_name, f.pdf_sha256, f.report_id, b.unit_id, b.created_by, b.online,
              b.validation_time, b.revocation_crls, b.revocation_ocsps
       FROM validation_batch_files f JOIN validation_batches b ON b.id = f.batch_id
       WHERE f.id = $1 FOR UPDATE OF f`,
      [fileId],
    );
    const file = rows[0];
    if (!file || file.report_id !== null) return;
    const report = await withObjectFile(deps.objects, file.pdf_sha256, (path, size) =>
      validateFile(
        m,
        deps,
        { path, name: file.file_name, sha256: file.pdf_sha256, size },
        {
          at: file.validation_time ?? now,
          online: file.online,
          now,
          // The auditor's evidence given with the batch, for every file (checked when it was created).
          ...(file.revocation_crls.length || file.revocation_ocsps.length
            ? { evidence: { crls: file.revocation_crls, ocsps: file.revocation_ocsps } }
            : {}),
        },
      ),
    );
    const reportSha256 = await storeReportJson(deps.objects, report);
    const record = await recordReport(
      m,
      { actor: null, clock: { now: () => now } },
      {
        report,
        reportSha256,
        unitId: file.unit_id,
        requestedBy: file.created_by,
        source: 'batch',
        batchId: file.batch_id,
      },
    );
    await m.query(`UPDATE validation_batch_files SET report_id = $2, done_at = $3 WHERE id = $1`, [
      fileId,
      record.id,
      now,
    ]);
  };
}

/** The job handlers of signature validation, for the server's job worker. */
export function validationJobHandlers(deps: ValidationDeps): Record<string, JobHandler> {
  return { [VALIDATION_BATCH_FILE_JOB]: validateBatchFile(deps) };
}
