import { appendAuditEvent } from '../audit/append-audit-event';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { Job, JobHandler } from '../exchange/job';
import { recurringSlot } from '../exchange/recurring-jobs';
import { DELETE_OBJECTS_JOB } from '../maintenance/delete-unreferenced-objects';

declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    ARCHIVE_PACKAGES_EXPIRED: { packageIds: string[]; sha256s: string[] };
  }
}

/** Job kind: expire finished package exports past their retention (docs/archive.md, "Archival packages"). */
export const PACKAGE_EXPIRY_JOB = 'archive.package_expiry';
export const PACKAGE_EXPIRY_EVERY_MS = 3_600_000;
export const DEFAULT_PACKAGE_RETENTION_DAYS = 7;
/** Rows expired per run; a full batch queues the next run at once. */
const BATCH = 500;

/**
 * Marks the finished exports older than the retention `expired` and hands their tars to the storage
 * deletion job, all in the job's transaction. Crash-safe by order: the mark and the deletion job commit
 * together (mark first), the bytes go after, in the deletion job's own transaction; that job deletes an
 * object only if no row references it any more (an expired export no longer does — referenced-objects.ts —
 * but another export, unexpired, of the same bytes still does), under the sweep's exclusive lock, and a
 * missing object is a no-op, so a run repeated after a crash is harmless. A download of an expired export
 * answers 410 PACKAGE_EXPIRED.
 */
export async function expirePackages(
  m: Parameters<JobHandler>[0],
  now: Date,
  retentionMs: number,
): Promise<{ packageIds: string[]; sha256s: string[]; more: boolean }> {
  if (retentionMs <= 0) return { packageIds: [], sha256s: [], more: false };
  const rows: { id: string; package_sha256: string }[] = await m.query(
    // (A CTE, so that the driver answers the rows: a bare UPDATE … RETURNING comes back as [rows, count].)
    `WITH expired AS (
       UPDATE archive_package_exports SET status = 'expired', expired_at = $1
        WHERE id IN (SELECT id FROM archive_package_exports WHERE status = 'done' AND finished_at < $2
                      ORDER BY finished_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, package_sha256)
     SELECT id, package_sha256 FROM expired`,
    [now, new Date(now.getTime() - retentionMs), BATCH],
  );
  const packageIds = rows.map((r) => r.id).sort();
  const sha256s = [...new Set(rows.map((r) => r.package_sha256))].sort();
  if (rows.length > 0) {
    await enqueueJobs(m, [
      {
        kind: DELETE_OBJECTS_JOB,
        payload: { sha256s },
        runAt: now,
        dedupeKey: `${DELETE_OBJECTS_JOB}:${PACKAGE_EXPIRY_JOB}:${packageIds[0]}`,
      },
    ]);
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      { type: 'ARCHIVE_PACKAGES_EXPIRED', payload: { packageIds, sha256s } },
    );
  }
  return { packageIds, sha256s, more: rows.length >= BATCH };
}

/** The recurring handler: expires a batch, then queues its next run (at once when the batch was full). */
export function packageExpiryJob(deps: { readonly retentionMs: number }): JobHandler {
  const next = async (m: Parameters<JobHandler>[0], job: Job, now: Date, more: boolean) => {
    const slot = recurringSlot(new Date(now.getTime() + PACKAGE_EXPIRY_EVERY_MS), PACKAGE_EXPIRY_EVERY_MS);
    await enqueueJobs(m, [
      more
        ? { kind: PACKAGE_EXPIRY_JOB, runAt: now, dedupeKey: `${PACKAGE_EXPIRY_JOB}:more:${job.id}` }
        : { kind: PACKAGE_EXPIRY_JOB, runAt: slot, dedupeKey: `${PACKAGE_EXPIRY_JOB}:${slot.toISOString()}` },
    ]);
  };
  return Object.assign(
    async (m: Parameters<JobHandler>[0], job: Job, now: Date) => {
      const r = await expirePackages(m, now, deps.retentionMs);
      await next(m, job, now, r.more);
    },
    {
      onFailed: async (m: Parameters<JobHandler>[0], job: Job, _f: unknown, now: Date) =>
        next(m, job, now, false),
    },
  );
}
