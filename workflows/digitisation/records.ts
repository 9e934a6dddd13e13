import fs from 'node:fs';
import type { ObjectStore } from '../../storage/objects/object-store';
import { authorize, can } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { Actor, DomainContext } from '../context';
import { unitRepository, type Queryable } from '../directory/unit-repository';
import { enqueueJobs } from '../exchange/enqueue-job';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import { DigitisationError } from './digitisation-error';
import { OCR_JOB, type DigitisationLimits } from './digitisation-limits';
import './digitisation-audit-events';
import { inspectScan, SCAN_MEDIA_TYPES } from './inspect-scan';

export type RecordOrigin = 'paper_original' | 'old_archive';
export type RecordStatus = 'draft' | 'queued' | 'processing' | 'done' | 'failed';

export interface DigitisedFile {
  readonly id: string;
  readonly seq: number;
  readonly fileName: string | null;
  readonly mediaType: string;
  readonly originalSha256: string;
  readonly originalSize: number;
  readonly pages: number;
  readonly dpi: number | null;
  readonly signed: boolean;
  readonly derivativeSha256: string | null;
  readonly derivativeSize: number | null;
  readonly textMethod: 'ocr' | 'text-layer' | null;
  readonly addedAt: Date;
}

export interface DigitisedRecord {
  readonly id: string;
  readonly unitId: string;
  readonly title: string;
  readonly origin: RecordOrigin;
  readonly documentNumber: string | null;
  readonly documentDate: string | null;
  readonly issuer: string | null;
  readonly status: RecordStatus;
  readonly pagesTotal: number;
  readonly pagesDone: number;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly digitisedAt: Date | null;
  readonly files: readonly DigitisedFile[];
  /** The record's text (OCR or text layer), first `textPreviewChars` characters, once done. */
  readonly text: string | null;
  readonly textLength: number;
  readonly canManage: boolean;
}

interface RecordRow {
  id: string;
  unit_id: string;
  title: string;
  origin: RecordOrigin;
  document_number: string | null;
  document_date: string | null;
  issuer: string | null;
  status: RecordStatus;
  pages_total: number;
  pages_done: number;
  error: string | null;
  created_at: Date;
  digitised_at: Date | null;
  text_preview: string | null;
  text_length: number | null;
}

interface FileRow {
  id: string;
  record_id: string;
  seq: number;
  file_name: string | null;
  media_type: string;
  original_sha256: string;
  original_size: string;
  pages: number;
  dpi: number | null;
  signed: boolean;
  derivative_sha256: string | null;
  derivative_size: string | null;
  text_method: 'ocr' | 'text-layer' | null;
  added_at: Date;
}

type Q = Queryable;

const RECORD_COLUMNS = `id, unit_id, title, origin, document_number, to_char(document_date, 'YYYY-MM-DD') AS document_date,
  issuer, status, pages_total, pages_done, error, created_at, digitised_at`;

function toFile(r: FileRow): DigitisedFile {
  return {
    id: r.id,
    seq: r.seq,
    fileName: r.file_name,
    mediaType: r.media_type,
    originalSha256: r.original_sha256,
    originalSize: Number(r.original_size),
    pages: r.pages,
    dpi: r.dpi,
    signed: r.signed,
    derivativeSha256: r.derivative_sha256,
    derivativeSize: r.derivative_size === null ? null : Number(r.derivative_size),
    textMethod: r.text_method,
    addedAt: r.added_at,
  };
}

async function loadFiles(q: Q, recordIds: readonly string[]): Promise<Map<string, DigitisedFile[]>> {
  const rows: FileRow[] =
    recordIds.length === 0
      ? []
      : await q.query(
          `SELECT * FROM digitised_files WHERE record_id = ANY($1::uuid[]) ORDER BY record_id, seq`,
          [recordIds],
        );
  const byRecord = new Map<string, DigitisedFile[]>();
  for (const r of rows) byRecord.set(r.record_id, [...(byRecord.get(r.record_id) ?? []), toFile(r)]);
  return byRecord;
}

async function toRecord(q: Q, actor: Actor, r: RecordRow, files: DigitisedFile[]): Promise<DigitisedRecord> {
  return {
    id: r.id,
    unitId: r.unit_id,
    title: r.title,
    origin: r.origin,
    documentNumber: r.document_number,
    documentDate: r.document_date,
    issuer: r.issuer,
    status: r.status,
    pagesTotal: r.pages_total,
    pagesDone: r.pages_done,
    error: r.error,
    createdAt: r.created_at,
    digitisedAt: r.digitised_at,
    files,
    text: r.text_preview,
    textLength: r.text_length ?? 0,
    canManage: await can(q, actor, 'digitisation.manage', { unitId: r.unit_id }),
  };
}

/** The record row, checked against the actor's scope (another unit's record: not found). */
async function findRecord(
  q: Q,
  actor: Actor,
  recordId: string,
  action: 'digitisation.read' | 'digitisation.manage',
  o: { forUpdate?: boolean; previewChars?: number } = {},
): Promise<RecordRow> {
  const rows: RecordRow[] = await q.query(
    `SELECT ${RECORD_COLUMNS}, left(text, $2) AS text_preview, length(text) AS text_length
     FROM digitised_records WHERE id = $1 ${o.forUpdate ? 'FOR UPDATE' : ''}`,
    [recordId, o.previewChars ?? 0],
  );
  const row = rows[0];
  if (!row) throw DigitisationError.recordNotFound(recordId);
  await authorize(q, actor, action, {
    unitId: row.unit_id,
    notFound: () => DigitisationError.recordNotFound(recordId),
  });
  return row;
}

export interface NewRecord {
  /** Owning unit; default the actor's. */
  readonly unitId?: string;
  readonly title: string;
  readonly origin: RecordOrigin;
  readonly documentNumber?: string | null;
  readonly documentDate?: string | null;
  readonly issuer?: string | null;
}

/** Opens a digitised record of a unit (clerks and archivists of the unit or above), status draft. */
export async function createDigitisedRecord(ctx: DomainContext, input: NewRecord): Promise<DigitisedRecord> {
  const unitId = input.unitId ?? ctx.actor.unitId;
  return ctx.db.transaction(async (m) => {
    const unit = await unitRepository.findById(m, unitId);
    if (!unit) throw DigitisationError.recordNotFound(unitId);
    await authorize(m, ctx.actor, 'digitisation.manage', { unitId });
    const [row]: RecordRow[] = await m.query(
      `INSERT INTO digitised_records (unit_id, title, origin, document_number, document_date, issuer, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RECORD_COLUMNS}, NULL AS text_preview, 0 AS text_length`,
      [
        unitId,
        input.title.trim(),
        input.origin,
        input.documentNumber?.trim() || null,
        input.documentDate ?? null,
        input.issuer?.trim() || null,
        ctx.actor.userId,
        ctx.clock.now(),
      ],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DIGITISED_RECORD_CREATED',
      unitId,
      payload: { recordId: row!.id, title: row!.title, origin: row!.origin },
    });
    return toRecord(m, ctx.actor, row!, []);
  });
}

export interface ScanUpload {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly fileName?: string;
}

/**
 * Adds an uploaded scan to a draft (or failed) record: reads its format, pages and resolution from the
 * file itself (refused below the floor with the measured dpi), keeps the bytes untouched in the object
 * store (content addressed) and records them with their hash.
 */
export async function addScan(
  ctx: DomainContext,
  objects: ObjectStore,
  limits: DigitisationLimits,
  recordId: string,
  upload: ScanUpload,
): Promise<DigitisedRecord> {
  // Scope first: an outsider learns nothing about the record from the checks of the file.
  await findRecord(ctx.db.manager, ctx.actor, recordId, 'digitisation.manage');
  const head = Buffer.alloc(Math.min(1024, upload.size));
  const fd = fs.openSync(upload.path, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const scan = await inspectScan(upload.path, head, {
    minDpi: limits.minDpi,
    maxPages: limits.maxPagesPerFile,
    maxPixels: limits.maxPixelsPerPage,
    timeoutMs: limits.inspectTimeoutMs,
  });
  const mediaType = SCAN_MEDIA_TYPES[scan.format];
  return ctx.db.transaction(async (m) => {
    const row = await findRecord(m, ctx.actor, recordId, 'digitisation.manage', { forUpdate: true });
    if (row.status !== 'draft' && row.status !== 'failed') throw DigitisationError.stateConflict(row.status);
    const [{ n, pages }]: { n: number; pages: number }[] = await m.query(
      `SELECT count(*)::int AS n, coalesce(sum(pages), 0)::int AS pages FROM digitised_files WHERE record_id = $1`,
      [recordId],
    );
    if (n >= limits.maxFilesPerRecord)
      throw new DigitisationError(
        'DIGITISATION_TOO_MANY_FILES',
        {
          vi: `Hồ sơ đã có ${n} tệp, tối đa ${limits.maxFilesPerRecord} tệp`,
          en: `The record already has ${n} files, at most ${limits.maxFilesPerRecord}`,
        },
        { files: n, maxFiles: limits.maxFilesPerRecord },
      );
    if (pages + scan.pages > limits.maxPagesPerRecord)
      throw new DigitisationError(
        'DIGITISATION_TOO_MANY_PAGES',
        {
          vi: `Hồ sơ sẽ có ${pages + scan.pages} trang, vượt quá giới hạn ${limits.maxPagesPerRecord} trang`,
          en: `The record would have ${pages + scan.pages} pages, more than the limit of ${limits.maxPagesPerRecord}`,
        },
        { pages: pages + scan.pages, maxPages: limits.maxPagesPerRecord },
      );
    await guardObjectReference(m, objects, { sha256: upload.sha256, contentType: mediaType }, () =>
      fs.createReadStream(upload.path),
    );
    await m.query(
      `INSERT INTO digitised_files (record_id, seq, file_name, media_type, original_sha256, original_size, pages, dpi, signed, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        recordId,
        n + 1,
        upload.fileName ?? null,
        mediaType,
        upload.sha256,
        upload.size,
        scan.pages,
        scan.dpi,
        scan.signed,
        ctx.clock.now(),
      ],
    );
    await m.query(
      `UPDATE digitised_records SET pages_total = $2, status = 'draft', error = NULL WHERE id = $1`,
      [recordId, pages + scan.pages],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DIGITISED_SCAN_ADDED',
      unitId: row.unit_id,
      payload: { recordId, sha256: upload.sha256, pages: scan.pages, dpi: scan.dpi, signed: scan.signed },
    });
    return getRecordIn(m, ctx.actor, recordId);
  });
}

/**
 * Queues the OCR of a record's scans (job `digitisation.ocr`, in the same transaction): status queued,
 * progress 0 / pages. A record without files: 409 DIGITISATION_NO_FILES.
 */
export async function startOcr(
  ctx: DomainContext,
  limits: DigitisationLimits,
  recordId: string,
): Promise<DigitisedRecord> {
  return ctx.db.transaction(async (m) => {
    const row = await findRecord(m, ctx.actor, recordId, 'digitisation.manage', { forUpdate: true });
    if (row.status !== 'draft' && row.status !== 'failed') throw DigitisationError.stateConflict(row.status);
    if (row.pages_total === 0)
      throw new DigitisationError('DIGITISATION_NO_FILES', {
        vi: 'Hồ sơ chưa có bản quét nào',
        en: 'The record has no scans yet',
      });
    const now = ctx.clock.now();
    await m.query(
      `UPDATE digitised_records SET status = 'queued', pages_done = 0, error = NULL, queued_at = $2 WHERE id = $1`,
      [recordId, now],
    );
    await enqueueJobs(m, [
      {
        kind: OCR_JOB,
        payload: { recordId },
        runAt: now,
        dedupeKey: `${OCR_JOB}:${recordId}:${now.getTime()}`,
        maxAttempts: limits.ocrAttempts,
      },
    ]);
    await appendAuditEvent(m, ctx, {
      type: 'DIGITISED_OCR_QUEUED',
      unitId: row.unit_id,
      payload: { recordId, pages: row.pages_total },
    });
    return getRecordIn(m, ctx.actor, recordId);
  });
}

async function getRecordIn(
  q: Q,
  actor: Actor,
  recordId: string,
  previewChars = 4000,
): Promise<DigitisedRecord> {
  const row = await findRecord(q, actor, recordId, 'digitisation.read', { previewChars });
  const files = await loadFiles(q, [row.id]);
  return toRecord(q, actor, row, files.get(row.id) ?? []);
}

/** One record with its files, progress and the start of its text. */
export function getDigitisedRecord(ctx: DomainContext, recordId: string): Promise<DigitisedRecord> {
  return getRecordIn(ctx.db.manager, ctx.actor, recordId);
}

/** Records of a unit (default the actor's), newest first. */
export async function listDigitisedRecords(
  ctx: DomainContext,
  o: { unitId?: string; limit?: number; offset?: number },
): Promise<{ items: DigitisedRecord[]; total: number }> {
  const q = ctx.db.manager;
  const unitId = o.unitId ?? ctx.actor.unitId;
  await authorize(q, ctx.actor, 'digitisation.read', { unitId });
  const rows: (RecordRow & { total: number })[] = await q.query(
    `SELECT ${RECORD_COLUMNS}, NULL AS text_preview, length(text) AS text_length, count(*) OVER ()::int AS total
     FROM digitised_records WHERE unit_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
    [unitId, o.limit ?? 50, o.offset ?? 0],
  );
  const files = await loadFiles(
    q,
    rows.map((r) => r.id),
  );
  return {
    items: await Promise.all(rows.map((r) => toRecord(q, ctx.actor, r, files.get(r.id) ?? []))),
    total: rows[0]?.total ?? 0,
  };
}

/** The bytes of a scan (the untouched original) or of its searchable PDF/A derivative, checked by hash. */
export async function openScanFile(
  ctx: DomainContext,
  recordId: string,
  fileId: string,
  which: 'original' | 'derivative',
): Promise<{ sha256: string; mediaType: string; fileName: string; size: number }> {
  await findRecord(ctx.db.manager, ctx.actor, recordId, 'digitisation.read');
  const [row]: FileRow[] = await ctx.db.query(
    `SELECT * FROM digitised_files WHERE id = $1 AND record_id = $2`,
    [fileId, recordId],
  );
  if (!row) throw DigitisationError.fileNotFound(fileId);
  const base = (row.file_name ?? `scan-${row.seq}`).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  if (which === 'original') {
    return {
      sha256: row.original_sha256,
      mediaType: row.media_type,
      fileName: row.file_name ?? `scan-${row.seq}`,
      size: Number(row.original_size),
    };
  }
  if (!row.derivative_sha256) throw DigitisationError.fileNotFound(fileId);
  return {
    sha256: row.derivative_sha256,
    mediaType: 'application/pdf',
    fileName: `${base}.ocr.pdf`,
    size: Number(row.derivative_size),
  };
}
