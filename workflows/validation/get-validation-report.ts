import type { ValidationReport } from '../../signing/validate/report/validation-report';
import type { DomainContext } from '../context';
import type { ReportRecord } from './record-report';
import { assertValidationRole, canReadReport } from './validation-access';
import type { ValidationDeps } from './validation-deps';
import { ValidationServiceError } from './validation-service-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ReportRow {
  id: string;
  unit_id: string;
  requested_by: string | null;
  source: ReportRecord['source'];
  batch_id: string | null;
  file_name: string | null;
  pdf_sha256: string;
  pdf_size: string;
  report_sha256: string;
  status: ReportRecord['status'];
  indication: ReportRecord['indication'];
  signatures: number;
  created_at: Date;
}

export function toRecord(r: ReportRow): ReportRecord {
  return {
    id: r.id,
    unitId: r.unit_id,
    requestedBy: r.requested_by,
    source: r.source,
    batchId: r.batch_id,
    fileName: r.file_name,
    pdfSha256: r.pdf_sha256,
    pdfSize: Number(r.pdf_size),
    reportSha256: r.report_sha256,
    status: r.status,
    indication: r.indication,
    signatures: r.signatures,
    createdAt: r.created_at,
  };
}

/** A recorded report and its JSON, for its requester and for auditors/admins of its unit or above. */
export async function getValidationReport(
  ctx: DomainContext,
  deps: ValidationDeps,
  id: string,
): Promise<{ record: ReportRecord; report: ValidationReport }> {
  assertValidationRole(ctx.actor, 'reports');
  const rows: ReportRow[] = UUID.test(id)
    ? await ctx.db.query(`SELECT * FROM validation_reports WHERE id = $1`, [id])
    : [];
  const row = rows[0];
  if (!row || !(await canReadReport(ctx.db, ctx.actor, row))) throw ValidationServiceError.reportNotFound(id);
  const report = JSON.parse(
    (await deps.objects.getBuffer(row.report_sha256, { maxBytes: 256 * 1024 * 1024 })).toString('utf8'),
  ) as ValidationReport;
  return { record: toRecord(row), report };
}
