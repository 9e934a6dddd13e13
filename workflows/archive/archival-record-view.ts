import { authorize } from '../accounts/authorize';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { ArchiveError } from './archive-error';
import { UUID } from './archive-input';
import { readArchivalObject } from './archival-objects';
import { DOCUMENT_TAG_MAX, FILE_TAG_MAX } from './appendix-vi';
import { listArchivalRecords, type ArchivalRecordSummary } from './disposal';
import { recordEvents, type RecordEvent } from './record-events';

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

/** One Appendix VI / Circular 02 tag and its value, in the order of the Appendix. */
export interface MetadataEntry {
  readonly tag: string;
  readonly value: string;
}

/** The last validation report recorded for one of the record's PDFs (table validation_reports). */
export interface RecordValidation {
  readonly id: string;
  readonly status: string;
  readonly indication: string | null;
  readonly signatures: number;
  readonly source: string;
  readonly pdfSha256: string;
  /** True when the report is about the record's newest PDF (not an older revision). */
  readonly current: boolean;
  readonly createdAt: string;
  readonly requestedBy: { readonly id: string; readonly fullName: string } | null;
}

/** An LTA renewal of the record's PDF (ARCHIVE_LTA_RENEWED): a new document timestamp, a new version. */
export interface RecordRenewal {
  readonly at: string;
  readonly reason: string;
  readonly objectId: string;
  readonly sha256: string;
  readonly previousTsaNotAfter: string | null;
  readonly timestampAt: string | null;
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

/** The record's archival PDF: its newest `pdf-revision` object (the one the LTA upkeep keeps current). */
const NEWEST_PDF = `SELECT id, sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision'
  ORDER BY created_at DESC, size DESC, id LIMIT 1`;

/**
 * The record view (#/archive/records/:id, issue 11 item 10): one archival record and every object
 * stored for it. Unit-scoped like the list: a record of another unit answers ARCHIVAL_RECORD_NOT_FOUND.
 */
export async function getArchivalRecord(
  ctx: DomainContext,
  recordId: string,
): Promise<{
  record: ArchivalRecordSummary;
  unitId: string;
  versions: ArchivalRecordVersion[];
  metadata: { file: MetadataEntry[]; document: MetadataEntry[] };
  latestValidation: RecordValidation | null;
  renewals: RecordRenewal[];
}> {
  const notFound = () => ArchiveError.recordNotFound(recordId);
  const rows: {
    unit_id: string;
    file_id: string;
    metadata: { file?: Record<string, unknown>; document?: Record<string, unknown> };
  }[] = UUID.test(recordId)
    ? await ctx.db.query(`SELECT unit_id, file_id, metadata FROM archival_records WHERE id = $1`, [recordId])
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
  const newestPdf: { sha256: string }[] = await ctx.db.query(NEWEST_PDF, [recordId]);
  return {
    record,
    unitId: row.unit_id,
    metadata: {
      file: metadataEntries(row.metadata.file, Object.keys(FILE_TAG_MAX)),
      document: metadataEntries(row.metadata.document, Object.keys(DOCUMENT_TAG_MAX)),
    },
    latestValidation: await latestValidation(ctx, recordId, newestPdf[0]?.sha256),
    renewals: await renewals(ctx, recordId),
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
 * The metadata the record was archived with (archival_records.metadata: the Appendix VI tags that its
 * metadata-xml object and the package's NNN.xml and file.xml are written from), in the Appendix's order;
 * tags the order does not know follow, as stored.
 */
function metadataEntries(values: Record<string, unknown> | undefined, order: string[]): MetadataEntry[] {
  const v = values ?? {};
  const tags = [...order.filter((t) => t in v), ...Object.keys(v).filter((t) => !order.includes(t))];
  return tags
    .filter((t) => v[t] !== undefined && v[t] !== null && v[t] !== '')
    .map((tag) => ({ tag, value: String(v[tag]) }));
}

async function latestValidation(
  ctx: DomainContext,
  recordId: string,
  newestPdfSha256: string | undefined,
): Promise<RecordValidation | null> {
  const rows: {
    id: string;
    status: string;
    indication: string | null;
    signatures: number;
    source: string;
    pdf_sha256: string;
    created_at: Date;
    requested_by: string | null;
    full_name: string | null;
  }[] = await ctx.db.query(
    `SELECT v.id, v.status, v.indication, v.signatures, v.source, v.pdf_sha256, v.created_at, v.requested_by,
            u.full_name
       FROM validation_reports v LEFT JOIN users u ON u.id = v.requested_by
      WHERE v.pdf_sha256 IN (SELECT sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision')
      ORDER BY v.created_at DESC, v.id DESC LIMIT 1`,
    [recordId],
  );
  const v = rows[0];
  if (!v) return null;
  return {
    id: v.id,
    status: v.status,
    indication: v.indication,
    signatures: v.signatures,
    source: v.source,
    pdfSha256: v.pdf_sha256,
    current: v.pdf_sha256 === newestPdfSha256,
    createdAt: v.created_at.toISOString(),
    requestedBy: v.requested_by ? { id: v.requested_by, fullName: v.full_name ?? '' } : null,
  };
}

async function renewals(ctx: DomainContext, recordId: string): Promise<RecordRenewal[]> {
  const rows: { occurred_at: Date; payload: Record<string, string | null> }[] = await ctx.db.query(
    `SELECT occurred_at, payload FROM audit_events
      WHERE type = 'ARCHIVE_LTA_RENEWED' AND payload->>'recordId' = $1 ORDER BY seq DESC`,
    [recordId],
  );
  return rows.map((r) => ({
    at: r.occurred_at.toISOString(),
    reason: r.payload.reason ?? '',
    objectId: r.payload.objectId ?? '',
    sha256: r.payload.sha256 ?? '',
    previousTsaNotAfter: r.payload.previousTsaNotAfter ?? null,
    timestampAt: r.payload.timestampAt ?? null,
  }));
}

/**
 * The record's events (record-events.ts), newest first, paged; unit-scoped like the record (another
 * unit's record answers ARCHIVAL_RECORD_NOT_FOUND).
 */
export async function listArchivalRecordEvents(
  ctx: DomainContext,
  recordId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; limit: number; offset: number; items: RecordEvent[] }> {
  await readableRecord(ctx, recordId);
  const r = await recordEvents(ctx.db, [recordId], { ...page, order: 'desc' });
  return { ...r, ...page };
}

/** The record's unit after `archive.read` on it; not found otherwise (disposed records included). */
async function readableRecord(ctx: DomainContext, recordId: string): Promise<{ unitId: string }> {
  const notFound = () => ArchiveError.recordNotFound(recordId);
  const rows: { unit_id: string }[] = UUID.test(recordId)
    ? await ctx.db.query(`SELECT unit_id FROM archival_records WHERE id = $1`, [recordId])
    : [];
  if (!rows[0]) throw notFound();
  await authorize(ctx.db.manager, ctx.actor, 'archive.read', { unitId: rows[0].unit_id, notFound });
  return { unitId: rows[0].unit_id };
}

/**
 * A digitised record's OCR PDF/A (`ocr-derivative`, the text-searchable copy of a paper original's scans):
 * the newest one. It carries no digital signature, so the LTA upkeep and signature validation leave it be.
 */
const NEWEST_OCR_DERIVATIVE = `SELECT o.id, o.sha256 FROM archival_objects o JOIN archival_records r ON r.id = o.record_id
  WHERE o.record_id = $1 AND r.source_kind = 'digitised' AND o.kind = 'ocr-derivative'
    AND o.media_type = 'application/pdf'
  ORDER BY o.created_at DESC, o.size DESC, o.id LIMIT 1`;

/**
 * The record's archival PDF for the record view's preview: its newest `pdf-revision` object (the one the
 * LTA upkeep keeps current) or, for a digitised record (no PDF of its own), its OCR PDF/A
 * (`ocr-derivative`, `ocrDerivative: true`); either read hash-verified (a corrupt object is refused and
 * alerted).
 */
export async function readArchivalRecordPdf(
  ctx: DomainContext,
  store: ObjectStore,
  recordId: string,
): Promise<{ bytes: Buffer; fileName: string; ocrDerivative: boolean }> {
  const { record } = await getArchivalRecord(ctx, recordId);
  const pdf: { id: string }[] = await ctx.db.query(NEWEST_PDF, [recordId]);
  const ocr: { id: string }[] = pdf[0] ? [] : await ctx.db.query(NEWEST_OCR_DERIVATIVE, [recordId]);
  const objectId = pdf[0]?.id ?? ocr[0]?.id;
  if (!objectId) throw ArchiveError.recordNotFound(recordId);
  const bytes = await readArchivalObject(ctx.db.manager, store, objectId);
  const ocrDerivative = !pdf[0];
  return {
    bytes,
    fileName: `${record.fileCode}-${record.docOrdinal}${ocrDerivative ? '-ocr' : ''}.pdf`,
    ocrDerivative,
  };
}
