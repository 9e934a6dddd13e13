import { authorize } from '../accounts/authorize';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { ArchiveError } from './archive-error';
import { UUID } from './archive-input';
import { readArchivalObject } from './archival-objects';
import { listArchivalRecords, type ArchivalRecordSummary } from './disposal';

export interface ArchivalRecordVersion {
  readonly id: string;
  readonly kind: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly retainUntil: string | null;
  readonly legalHold: boolean;
  readonly createdAt: string;
  readonly lastCheckedAt: string | null;
  readonly lastCheckResult: 'ok' | 'mismatch' | 'missing' | 'repaired' | null;
}

interface VersionRow {
  id: string;
  kind: string;
  sha256: string;
  size: string;
  media_type: string;
  retain_until: Date | null;
  legal_hold: boolean;
  created_at: Date;
  last_checked_at: Date | null;
  last_check_result: ArchivalRecordVersion['lastCheckResult'];
}

/**
 * The record view (#/archive/records/:id, issue 11 item 10): one archival record and every object
 * stored for it. Unit-scoped like the list: a record of another unit answers ARCHIVAL_RECORD_NOT_FOUND.
 */
export async function getArchivalRecord(
  ctx: DomainContext,
  recordId: string,
): Promise<{ record: ArchivalRecordSummary; unitId: string; versions: ArchivalRecordVersion[] }> {
  const notFound = () => ArchiveError.recordNotFound(recordId);
  const rows: { unit_id: string; file_id: string }[] = UUID.test(recordId)
    ? await ctx.db.query(`SELECT unit_id, file_id FROM archival_records WHERE id = $1`, [recordId])
    : [];
  const row = rows[0];
  if (!row) throw notFound();
  await authorize(ctx.db.manager, ctx.actor, 'archive.read', { unitId: row.unit_id, notFound });
  const record = (await listArchivalRecords(ctx, { unitId: row.unit_id, fileId: row.file_id })).find(
    (r) => r.id === recordId,
  );
  if (!record) throw notFound();
  const versions: VersionRow[] = await ctx.db.query(
    `SELECT id, kind, sha256, size, media_type, retain_until, legal_hold, created_at, last_checked_at,
            last_check_result
       FROM archival_objects WHERE record_id = $1 ORDER BY created_at, kind, id`,
    [recordId],
  );
  return {
    record,
    unitId: row.unit_id,
    versions: versions.map((v) => ({
      id: v.id,
      kind: v.kind,
      sha256: v.sha256,
      size: Number(v.size),
      mediaType: v.media_type,
      retainUntil: v.retain_until ? v.retain_until.toISOString() : null,
      legalHold: v.legal_hold,
      createdAt: v.created_at.toISOString(),
      lastCheckedAt: v.last_checked_at ? v.last_checked_at.toISOString() : null,
      lastCheckResult: v.last_check_result,
    })),
  };
}

/**
 * The record's archival PDF for the record view's preview: its newest `pdf-revision` object (the one the
 * LTA upkeep keeps current), read hash-verified (a corrupt object is refused and alerted).
 */
export async function readArchivalRecordPdf(
  ctx: DomainContext,
  store: ObjectStore,
  recordId: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const { record } = await getArchivalRecord(ctx, recordId);
  const rows: { id: string }[] = await ctx.db.query(
    `SELECT id FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision'
      ORDER BY created_at DESC, size DESC, id LIMIT 1`,
    [recordId],
  );
  if (!rows[0]) throw ArchiveError.recordNotFound(recordId);
  const bytes = await readArchivalObject(ctx.db.manager, store, rows[0].id);
  return { bytes, fileName: `${record.fileCode}-${record.docOrdinal}.pdf` };
}
