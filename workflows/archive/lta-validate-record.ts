import type { ValidationReport } from '../../signing/validate/report/validation-report';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { withObjectFile } from '../validation/object-to-temp-file';
import { recordReport, storeReportJson, type ReportRecord } from '../validation/record-report';
import { validateFile } from '../validation/validate-file';
import type { ValidationDeps } from '../validation/validation-deps';
import { ArchiveError } from './archive-error';
import { UUID } from './archive-input';
import { readArchivalObject } from './archival-objects';

/**
 * An auditor validates an archived record from its page (issue 11 item 10): the record's archival PDF —
 * its newest `pdf-revision` object, the one the LTA upkeep keeps current — is read from the archive
 * (hash verified; a corrupt object is refused and alerted) and validated server-side in the validation
 * pool now, with the server's trust list; the report is recorded like any stored-document validation.
 */
export async function validateArchivedRecord(
  ctx: DomainContext,
  deps: ValidationDeps,
  recordId: string,
): Promise<{ objectId: string; record: ReportRecord; report: ValidationReport }> {
  const notFound = () =>
    new ArchiveError(
      'ARCHIVAL_RECORD_NOT_FOUND',
      { vi: `Không tìm thấy tài liệu lưu trữ ${recordId}`, en: `Archival record ${recordId} not found` },
      { recordId },
    );
  const rows: {
    unit_id: string;
    source_kind: string;
    object_id: string | null;
    sha256: string | null;
    size: string | null;
  }[] = UUID.test(recordId)
    ? await ctx.db.query(
        `SELECT r.unit_id, r.source_kind, o.id AS object_id, o.sha256, o.size
             FROM archival_records r
             LEFT JOIN LATERAL (SELECT id, sha256, size FROM archival_objects
                                 WHERE record_id = r.id AND kind = 'pdf-revision'
                                 ORDER BY created_at DESC, size DESC, id LIMIT 1) o ON true
            WHERE r.id = $1 AND r.disposed_at IS NULL`,
        [recordId],
      )
    : [];
  const row = rows[0];
  if (!row) throw notFound();
  await authorize(ctx.db.manager, ctx.actor, 'archive.read', { unitId: row.unit_id, notFound });
  // A digitised record is a paper original's scans and their OCR PDF/A: no digital signature to check.
  if (!row.object_id && row.source_kind === 'digitised')
    throw new ArchiveError(
      'ARCHIVAL_RECORD_NOT_SIGNED',
      {
        vi: 'Tài liệu số hóa từ bản giấy không có chữ ký số để kiểm tra',
        en: 'A record digitised from paper carries no digital signature to validate',
      },
      { recordId },
    );
  if (!row.object_id || !row.sha256) throw notFound();
  // Verified read first: corrupt bytes are refused (and alerted) rather than validated.
  await readArchivalObject(ctx.db.manager, deps.objects, row.object_id);
  const now = ctx.clock.now();
  const report = await withObjectFile(deps.objects, row.sha256, (file, size) =>
    validateFile(
      ctx.db,
      deps,
      { path: file, name: `luu-tru-${recordId}.pdf`, sha256: row.sha256!, size },
      { at: now, online: false, now },
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
  return { objectId: row.object_id, record, report };
}
