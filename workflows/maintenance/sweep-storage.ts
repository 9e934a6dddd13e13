import { appendAuditEvent } from '../audit/append-audit-event';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { Job, JobHandler } from '../exchange/job';
import { recurringSlot } from '../exchange/recurring-jobs';
import { VALIDATION_BATCH_FILE_JOB } from '../validation/validation-batch';
import { DELETE_OBJECTS_JOB } from './delete-unreferenced-objects';
import './maintenance-audit-events';

/** Job kind of the periodic storage sweep. */
export const STORAGE_SWEEP_JOB = 'storage.sweep';

export interface StorageSweepOptions {
  /** How often the sweep runs (default hourly). */
  readonly everyMs: number;
  /** Uploaded files (`uploaded_files`) are usable for this long (default 24 h). */
  readonly uploadedFileTtlMs: number;
  /** Two-step sessions are removed this long after they expired (default 1 h: late clients get 410 first). */
  readonly sessionGraceMs: number;
  /** Validation batch uploads are kept this long after they were added (default 30 days). */
  readonly batchUploadRetentionMs: number;
  /** Rows of each kind taken per run; more waiting: the next run follows at once (default 1,000). */
  readonly limit: number;
}

export const DEFAULT_STORAGE_SWEEP: StorageSweepOptions = {
  everyMs: 3600_000,
  uploadedFileTtlMs: 24 * 3600_000,
  sessionGraceMs: 3600_000,
  batchUploadRetentionMs: 30 * 86_400_000,
  limit: 1000,
};

/**
 * Job handler for `storage.sweep`, one transaction:
 * - two-step signing sessions expired more than `sessionGraceMs` ago are deleted (their prepared PDF is
 *   useless: completing an expired session is refused);
 * - uploaded files older than `uploadedFileTtlMs` are deleted (a file id is a handle for its uploader to
 *   draft, attach or register with; a document that used it names the bytes itself);
 * - validation batch uploads older than `batchUploadRetentionMs` whose job is no longer pending give up
 *   their PDF (the batch file row and its report stay; the cursor `batchUploadsAfter` moves past them);
 * - their objects are queued in one `storage.delete_objects` job (deleteUnreferencedObjects deletes each
 *   only if no row references it then, and never one under retention or legal hold);
 * - the audit event, and the next run: at the next slot of `everyMs` (dedupe key per slot, so however many
 *   replicas or chains there are, one sweep per slot), or at once when a limit was reached.
 */
export function sweepStorage(o: StorageSweepOptions = DEFAULT_STORAGE_SWEEP): JobHandler {
  const handler: JobHandler = async (m, job, now) => {
    const at = (ms: number) => new Date(now.getTime() - ms);
    const [sessions]: [{ id: string; sha256: string }[], number] = await m.query(
      `DELETE FROM signing_sessions WHERE id IN (
         SELECT id FROM signing_sessions WHERE expires_at < $1 ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, prepared_pdf_sha256 AS sha256`,
      [at(o.sessionGraceMs), o.limit],
    );
    const [uploads]: [{ id: string; sha256: string }[], number] = await m.query(
      `DELETE FROM uploaded_files WHERE id IN (
         SELECT id FROM uploaded_files WHERE created_at < $1 ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, sha256`,
      [at(o.uploadedFileTtlMs), o.limit],
    );
    const after = cursorOf(job);
    const batch: { id: string; sha256: string; added_at: Date; pending: boolean }[] = await m.query(
      `SELECT f.id, f.pdf_sha256 AS sha256, f.added_at,
              EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = $4 || f.id::text
                      AND j.done_at IS NULL AND j.failed_at IS NULL) AS pending
       FROM validation_batch_files f
       WHERE f.source = 'upload' AND f.added_at < $1 AND (f.added_at, f.id) > ($2, $3::uuid)
       ORDER BY f.added_at, f.id LIMIT $5`,
      [at(o.batchUploadRetentionMs), after.addedAt, after.id, `${VALIDATION_BATCH_FILE_JOB}:`, o.limit],
    );
    // Up to the first upload still being validated: the cursor must not pass it.
    const pendingAt = batch.findIndex((b) => b.pending);
    const expired = pendingAt === -1 ? batch : batch.slice(0, pendingAt);
    const last = expired[expired.length - 1];
    const next = last ? { addedAt: last.added_at.toISOString(), id: last.id } : after;

    const candidates = [...new Set([...sessions, ...uploads, ...expired].map((r) => r.sha256))];
    if (candidates.length > 0) {
      await enqueueJobs(m, [
        {
          kind: DELETE_OBJECTS_JOB,
          payload: { sha256s: candidates },
          runAt: now,
          dedupeKey: `${DELETE_OBJECTS_JOB}:${job.id}`,
        },
      ]);
    }
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      {
        type: 'STORAGE_SWEPT',
        payload: {
          signingSessions: sessions.length,
          uploadedFiles: uploads.length,
          batchUploads: expired.length,
          candidates: candidates.length,
        },
      },
    );
    const more = sessions.length >= o.limit || uploads.length >= o.limit || batch.length >= o.limit;
    await enqueueNext(m, job, now, o, next, more);
  };
  // A sweep given up still schedules the next one (its rows are taken again then).
  return Object.assign(handler, {
    onFailed: async (m: Parameters<JobHandler>[0], job: Job, _f: unknown, now: Date) =>
      enqueueNext(m, job, now, o, cursorOf(job), false),
  });
}

type Cursor = { readonly addedAt: string; readonly id: string };

function cursorOf(job: Job): Cursor {
  const c = job.payload.batchUploadsAfter as Partial<Cursor> | undefined;
  return c && typeof c.addedAt === 'string' && typeof c.id === 'string'
    ? { addedAt: c.addedAt, id: c.id }
    : { addedAt: new Date(0).toISOString(), id: '00000000-0000-0000-0000-000000000000' };
}

async function enqueueNext(
  m: Parameters<JobHandler>[0],
  job: Job,
  now: Date,
  o: StorageSweepOptions,
  cursor: Cursor,
  more: boolean,
): Promise<void> {
  const slot = recurringSlot(new Date(now.getTime() + o.everyMs), o.everyMs);
  await enqueueJobs(m, [
    more
      ? {
          kind: STORAGE_SWEEP_JOB,
          payload: { batchUploadsAfter: cursor },
          runAt: now,
          dedupeKey: `${STORAGE_SWEEP_JOB}:more:${job.id}`,
        }
      : {
          kind: STORAGE_SWEEP_JOB,
          payload: { batchUploadsAfter: cursor },
          runAt: slot,
          dedupeKey: `${STORAGE_SWEEP_JOB}:${slot.toISOString()}`,
        },
  ]);
}
