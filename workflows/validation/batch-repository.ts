import type { Queryable } from '../directory/unit-repository';
import type { BatchFile, BatchVerdict, ValidationBatch } from './validation-batch';
import { VALIDATION_BATCH_FILE_JOB } from './validation-batch';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BatchRow {
  id: string;
  unit_id: string;
  created_by: string;
  name: string;
  online: boolean;
  validation_time: Date | null;
  created_at: Date;
  /** How many CRLs and OCSP responses the auditor gave with the batch. */
  crls: number;
  ocsps: number;
}

/** Batches and their files, with each file's state read from its report and its job. */
export const batchRepository = {
  async find(q: Queryable, id: string, lock = false): Promise<BatchRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: BatchRow[] = await q.query(
      `SELECT id, unit_id, created_by, name, online, validation_time, created_at,
              cardinality(revocation_crls) AS crls, cardinality(revocation_ocsps) AS ocsps
       FROM validation_batches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  },

  async view(q: Queryable, batch: BatchRow, now: Date): Promise<ValidationBatch> {
    const rows: {
      id: string;
      seq: number;
      source: 'upload' | 'stored';
      file_name: string | null;
      pdf_sha256: string;
      pdf_size: string;
      report_id: string | null;
      done_at: Date | null;
      status: string | null;
      indication: string | null;
      failed_at: Date | null;
      last_error: string | null;
      locked_until: Date | null;
    }[] = await q.query(
      `SELECT f.id, f.seq, f.source, f.file_name, f.pdf_sha256, f.pdf_size, f.report_id, f.done_at,
              r.status, r.indication, j.failed_at, j.last_error, j.locked_until
       FROM validation_batch_files f
       LEFT JOIN validation_reports r ON r.id = f.report_id
       LEFT JOIN jobs j ON j.dedupe_key = $2 || ':' || f.id::text
       WHERE f.batch_id = $1 ORDER BY f.seq`,
      [batch.id, VALIDATION_BATCH_FILE_JOB],
    );
    const verdicts: Record<BatchVerdict, number> = {
      TOTAL_PASSED: 0,
      TOTAL_FAILED: 0,
      INDETERMINATE: 0,
      NO_SIGNATURE: 0,
      UNREADABLE: 0,
    };
    const files: BatchFile[] = rows.map((r) => {
      const verdict: BatchVerdict | null =
        r.report_id === null
          ? null
          : r.status === 'NO_SIGNATURE' || r.status === 'UNREADABLE'
            ? r.status
            : ((r.indication ?? 'INDETERMINATE') as BatchVerdict);
      if (verdict) verdicts[verdict]++;
      return {
        id: r.id,
        seq: r.seq,
        source: r.source,
        fileName: r.file_name,
        sha256: r.pdf_sha256,
        size: Number(r.pdf_size),
        state: r.report_id
          ? 'done'
          : r.failed_at
            ? 'failed'
            : r.locked_until && r.locked_until.getTime() > now.getTime()
              ? 'running'
              : 'queued',
        verdict,
        reportId: r.report_id,
        doneAt: r.done_at,
        error: r.report_id ? null : r.failed_at ? (r.last_error ?? 'failed') : null,
      };
    });
    const done = files.filter((f) => f.state === 'done').length;
    const failed = files.filter((f) => f.state === 'failed').length;
    return {
      id: batch.id,
      unitId: batch.unit_id,
      createdBy: batch.created_by,
      name: batch.name,
      online: batch.online,
      validationTime: batch.validation_time,
      evidence: { crls: batch.crls, ocsps: batch.ocsps },
      createdAt: batch.created_at,
      progress: { total: files.length, done, failed, pending: files.length - done - failed },
      verdicts,
      files,
    };
  },
};
