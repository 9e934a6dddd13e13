import type { EntityManager } from 'typeorm';
import type { ValidationReport } from '../../signing/validate/report/validation-report';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent, type AuditSource } from '../audit/append-audit-event';
import './validation-audit-events';

export interface ReportRecord {
  readonly id: string;
  readonly unitId: string;
  readonly requestedBy: string | null;
  readonly source: 'upload' | 'stored' | 'batch';
  readonly batchId: string | null;
  readonly fileName: string | null;
  readonly pdfSha256: string;
  readonly pdfSize: number;
  readonly reportSha256: string;
  readonly status: ValidationReport['status'];
  readonly indication: ValidationReport['indication'];
  readonly signatures: number;
  readonly createdAt: Date;
}

/** Stores the JSON report (content-addressed) before the transaction that records it. */
export async function storeReportJson(objects: ObjectStore, report: ValidationReport): Promise<string> {
  const stored = await objects.put(Buffer.from(JSON.stringify(report)), {
    contentType: 'application/json',
    metadata: { kind: 'validation-report', pdf: report.file.sha256 },
  });
  return stored.sha256;
}

/**
 * Records a validation report (table `validation_reports`) with its SIGNATURE_VALIDATED audit event,
 * inside the caller's transaction.
 */
export async function recordReport(
  m: EntityManager,
  source: AuditSource,
  r: {
    readonly report: ValidationReport;
    readonly reportSha256: string;
    readonly unitId: string;
    readonly requestedBy: string | null;
    readonly source: ReportRecord['source'];
    readonly batchId?: string;
  },
): Promise<ReportRecord> {
  const report = r.report;
  const rows: { id: string; created_at: Date }[] = await m.query(
    `INSERT INTO validation_reports (unit_id, requested_by, source, batch_id, file_name, pdf_sha256, pdf_size,
       report_sha256, status, indication, signatures, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, created_at`,
    [
      r.unitId,
      r.requestedBy,
      r.source,
      r.batchId ?? null,
      report.file.name?.slice(0, 255) ?? null,
      report.file.sha256,
      report.file.size,
      r.reportSha256,
      report.status,
      report.indication,
      report.validation?.signatures.length ?? 0,
      source.clock.now(),
    ],
  );
  const id = rows[0]!.id;
  await appendAuditEvent(m, source, {
    type: 'SIGNATURE_VALIDATED',
    unitId: r.unitId,
    payload: {
      reportId: id,
      source: r.source,
      pdfSha256: report.file.sha256,
      reportSha256: r.reportSha256,
      status: report.status,
      indication: report.indication,
      fileName: report.file.name?.slice(0, 255) ?? null,
      ...(r.batchId ? { batchId: r.batchId } : {}),
      ...(r.requestedBy && !source.actor ? { requestedBy: r.requestedBy } : {}),
    },
  });
  return {
    id,
    unitId: r.unitId,
    requestedBy: r.requestedBy,
    source: r.source,
    batchId: r.batchId ?? null,
    fileName: report.file.name?.slice(0, 255) ?? null,
    pdfSha256: report.file.sha256,
    pdfSize: report.file.size,
    reportSha256: r.reportSha256,
    status: report.status,
    indication: report.indication,
    signatures: report.validation?.signatures.length ?? 0,
    createdAt: rows[0]!.created_at,
  };
}
