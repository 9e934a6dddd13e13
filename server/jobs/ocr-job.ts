import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import {
  DEFAULT_DIGITISATION_LIMITS,
  OCR_JOB,
  type DigitisationLimits,
} from '../../workflows/digitisation/digitisation-limits';
import type { ScanFormat } from '../../workflows/digitisation/inspect-scan';
import { ocrmypdfEngine, type OcrEngine } from '../../workflows/digitisation/run-ocr';
import { ToolError } from '../../workflows/digitisation/run-tool';
import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import '../../workflows/digitisation/digitisation-audit-events';
import type { JobFailure, JobHandler } from '../../workflows/exchange/job';
import { guardObjectReference } from '../../workflows/maintenance/guard-object-reference';
import { notify } from '../../workflows/notifications/notify';
import { indexScan } from '../../workflows/search/index-scan';

export interface OcrJobDeps {
  /**
   * The jobs' pool: progress (pages done) is written on its own connection, committed at once, so that
   * the page sees it while the job's transaction is still open.
   */
  readonly db: DataSource;
  readonly objects: ObjectStore;
  readonly limits?: DigitisationLimits;
  /** Default: ocrmypdf + tesseract-ocr-vie (workflows/digitisation/run-ocr.ts). */
  readonly engine?: OcrEngine;
  /** How often the job's idle transaction is kept alive while the tools run (default 15 s). */
  readonly keepAliveMs?: number;
}

interface FileRow {
  id: string;
  seq: number;
  media_type: string;
  original_sha256: string;
  pages: number;
  signed: boolean;
}

const FORMATS: Record<string, ScanFormat> = {
  'application/pdf': 'pdf',
  'image/tiff': 'tiff',
  'image/jpeg': 'jpeg',
};

/** ocrmypdf's exit codes that another attempt cannot change: bad input, prior OCR, encrypted PDF. */
const PERMANENT_EXIT_CODES = new Set([2, 6, 8]);

/** Notification kinds of the OCR job's outcome (docs/notifications.md). */
export const OCR_DONE_KIND = 'digitisation.ocr_done';
export const OCR_FAILED_KIND = 'digitisation.ocr_failed';

/**
 * Tells the record's uploaders — who opened it, who added its scans, who queued the OCR — that the OCR
 * finished or failed for good, in the job's transaction (the bell, and an e-mail queued by notify).
 */
async function notifyUploaders(
  m: Parameters<JobHandler>[0],
  recordId: string,
  outcome: 'done' | 'failed',
  at: Date,
): Promise<void> {
  const rows: { user_id: string; title: string }[] = await m.query(
    `SELECT u.user_id, r.title FROM digitised_records r
       CROSS JOIN LATERAL (
         SELECT r.created_by AS user_id
         UNION
         SELECT a.actor_user_id FROM audit_events a
         WHERE a.type IN ('DIGITISED_SCAN_ADDED', 'DIGITISED_OCR_QUEUED') AND a.unit_id = r.unit_id
           AND a.payload->>'recordId' = r.id::text AND a.actor_user_id IS NOT NULL) u
     WHERE r.id = $1`,
    [recordId],
  );
  if (rows.length === 0) return;
  const title = rows[0]!.title;
  await notify(m, {
    kind: outcome === 'done' ? OCR_DONE_KIND : OCR_FAILED_KIND,
    recipients: { userIds: rows.map((r) => r.user_id) },
    subject:
      outcome === 'done'
        ? { vi: `Đã số hóa xong hồ sơ: ${title}`, en: `Record digitised: ${title}` }
        : {
            vi: `Nhận dạng chữ không thành công: ${title}`,
            en: `OCR failed: ${title}`,
          },
    link: `#/digitisation/${recordId}`,
    at,
  });
}

/**
 * Job handler for `digitisation.ocr` (payload `{ recordId }`, queued by startOcr): each scan of the
 * record goes through the OCR engine (ocrmypdf → PDF/A with a text layer; a signed PDF: its own text,
 * never rewritten), the derivative goes into the object store beside the original, and the progress
 * (pages done / total) is committed after every file. Then, in the job's transaction — atomically with
 * the job's completion — the derivatives' hashes, the record's text, status `done` and its search entry
 * (sourceKind 'scan', SEARCH's indexScan — the rebuild writes the same). A crash or timeout mid-job leaves the record as it
 * was (derivatives are content addressed, so a retry stores the same objects again harmlessly) and the
 * job retries with back-off; after the last attempt the record is `failed` with the reason.
 */
export function ocrJob(deps: OcrJobDeps): JobHandler {
  const limits = deps.limits ?? DEFAULT_DIGITISATION_LIMITS;
  const engine = deps.engine ?? ocrmypdfEngine;
  const handler: JobHandler = async (m, job, now) => {
    const recordId = String(job.payload.recordId);
    const [record]: {
      id: string;
      unit_id: string;
      title: string;
      origin: string;
      document_number: string | null;
      document_date: Date | null;
      issuer: string | null;
      status: string;
    }[] = await m.query(
      `SELECT id, unit_id, title, origin, document_number, document_date::timestamptz AS document_date, issuer, status
       FROM digitised_records WHERE id = $1`,
      [recordId],
    );
    if (!record || (record.status !== 'queued' && record.status !== 'processing')) return;
    const files: FileRow[] = await m.query(
      `SELECT id, seq, media_type, original_sha256, pages, signed FROM digitised_files WHERE record_id = $1 ORDER BY seq`,
      [recordId],
    );
    await deps.db.query(
      `UPDATE digitised_records SET status = 'processing', pages_done = 0, error = NULL WHERE id = $1`,
      [recordId],
    );

    const keepAlive = setInterval(() => {
      m.query('SELECT 1').catch(() => undefined);
    }, deps.keepAliveMs ?? 15_000);
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vanban-ocr-job-'));
    const results: { file: FileRow; derivative: { sha256: string; size: number } | null; method: string }[] =
      [];
    const texts: string[] = [];
    try {
      let done = 0;
      for (const file of files) {
        const input = path.join(dir, `${file.seq}.${FORMATS[file.media_type] ?? 'bin'}`);
        await pipeline(
          await deps.objects.get(file.original_sha256),
          fs.createWriteStream(input, { mode: 0o600 }),
        );
        // Page by page as the engine reports them, one update at a time, never past the file's pages.
        const before = done;
        let progress = Promise.resolve();
        const onPage = (n: number) => {
          progress = progress.then(() =>
            deps.db
              .query(`UPDATE digitised_records SET pages_done = $2 WHERE id = $1`, [
                recordId,
                before + Math.min(n, file.pages),
              ])
              .then(
                () => undefined,
                () => undefined,
              ),
          );
        };
        const out = await engine(
          input,
          { format: FORMATS[file.media_type] ?? 'pdf', signed: file.signed },
          { timeoutMs: Math.max(60_000, file.pages * limits.ocrMsPerPage), onPage },
        );
        await progress;
        const stored = out.derivative
          ? await deps.objects.put(out.derivative, {
              contentType: 'application/pdf',
              metadata: { kind: 'ocr-derivative', original: file.original_sha256 },
            })
          : null;
        results.push({ file, derivative: stored, method: out.method });
        texts.push(out.text.trim());
        await fsp.rm(input, { force: true });
        done += file.pages;
        await deps.db.query(`UPDATE digitised_records SET pages_done = $2 WHERE id = $1`, [recordId, done]);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await deps.db
        .query(`UPDATE digitised_records SET error = $2 WHERE id = $1`, [recordId, message.slice(0, 2000)])
        .catch(() => undefined);
      if (e instanceof ToolError && e.exitCode !== null && PERMANENT_EXIT_CODES.has(e.exitCode))
        Object.assign(e, { permanent: true });
      throw e;
    } finally {
      clearInterval(keepAlive);
      await fsp.rm(dir, { recursive: true, force: true });
    }

    // The outcome, all at once with the job's completion.
    for (const r of results) {
      if (r.derivative) {
        const d = r.derivative;
        await guardObjectReference(
          m,
          deps.objects,
          { sha256: d.sha256, contentType: 'application/pdf' },
          () => {
            throw new Error(`OCR derivative ${d.sha256} vanished before it was recorded`);
          },
        );
      }
      await m.query(
        `UPDATE digitised_files SET derivative_sha256 = $2, derivative_size = $3, text_method = $4 WHERE id = $1`,
        [r.file.id, r.derivative?.sha256 ?? null, r.derivative?.size ?? null, r.method],
      );
    }
    const text = texts.filter((t) => t.length > 0).join('\n\n');
    const pagesTotal = files.reduce((n, f) => n + f.pages, 0);
    await m.query(
      `UPDATE digitised_records SET status = 'done', text = $2, pages_total = $3, pages_done = $3, error = NULL,
         digitised_at = coalesce(digitised_at, $4) WHERE id = $1`,
      [recordId, text, pagesTotal, now],
    );
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      {
        type: 'DIGITISED_OCR_DONE',
        unitId: record.unit_id,
        payload: {
          recordId,
          pages: pagesTotal,
          derivatives: results.flatMap((r) => (r.derivative ? [r.derivative.sha256] : [])),
          textLength: text.length,
        },
      },
    );
    await indexScan(m, record, text);
    await notifyUploaders(m, recordId, 'done', now);
  };
  return Object.assign(handler, {
    onFailed: async (
      m: Parameters<JobHandler>[0],
      job: Parameters<JobHandler>[1],
      failure: JobFailure,
      now: Date,
    ) => {
      const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
      const failed: { unit_id: string }[] = await m.query(
        `UPDATE digitised_records SET status = 'failed', error = $2 WHERE id = $1 AND status IN ('queued', 'processing')
         RETURNING unit_id`,
        [String(job.payload.recordId), message.slice(0, 2000)],
      );
      if (failed[0])
        await appendAuditEvent(
          m,
          { actor: null, clock: { now: () => now } },
          {
            type: 'DIGITISED_OCR_FAILED',
            unitId: failed[0].unit_id,
            payload: {
              recordId: String(job.payload.recordId),
              error: message.slice(0, 500),
              attempts: failure.attempts,
            },
          },
        );
      if (failed[0]) await notifyUploaders(m, String(job.payload.recordId), 'failed', now);
    },
  });
}

/** The handlers the server's job worker runs for digitisation. */
export function ocrJobHandlers(deps: OcrJobDeps): Record<string, JobHandler> {
  return { [OCR_JOB]: ocrJob(deps) };
}
