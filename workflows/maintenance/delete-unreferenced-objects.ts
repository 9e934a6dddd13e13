import type { ObjectStore } from '../../storage/objects/object-store';
import { isCodedError } from '../../signing/errors';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { JobHandler } from '../exchange/job';
import { OBJECT_REFERENCE_LOCK } from './guard-object-reference';
import './maintenance-audit-events';
import { referencedObjects } from './referenced-objects';

/** Job kind: delete the objects a sweep found, each only if nothing references it any more. */
export const DELETE_OBJECTS_JOB = 'storage.delete_objects';

export interface DeleteObjectsDeps {
  readonly objects: Pick<ObjectStore, 'stat' | 'delete'>;
  /** Retention of validation batch uploads, as the sweep uses it. */
  readonly batchUploadRetentionMs: number;
}

/**
 * Job handler for `storage.delete_objects` (payload `{ sha256s }`, queued by the sweep in the transaction
 * that removed the rows naming them). Content addressing means another record may hold the same bytes,
 * so, inside the job's transaction:
 * 1. drop the candidates some row references (without the lock: cheap, most uploads became documents);
 * 2. take OBJECT_REFERENCE_LOCK exclusively — it waits for every writer in the middle of recording a
 *    reference (guardObjectReference holds it shared until commit), and holds new ones off — and check
 *    the rest again: anything committed now is seen;
 * 3. skip objects under legal hold or a retention still in force (never deleted, whatever the rows say),
 *    delete the others (an absent one is a no-op, so a job run again after a lost commit is harmless),
 *    and record what was deleted and kept in the audit trail.
 * The store down (OBJECT_STORE_UNAVAILABLE) throws: the job retries with back-off.
 */
export function deleteUnreferencedObjects(deps: DeleteObjectsDeps): JobHandler {
  return async (m, job, now) => {
    const candidates = [...new Set((job.payload.sha256s as string[] | undefined) ?? [])].filter((s) =>
      /^[0-9a-f]{64}$/.test(s),
    );
    if (candidates.length === 0) return;
    const expiredUploadsBefore = new Date(now.getTime() - deps.batchUploadRetentionMs);
    const early = await referencedObjects(m, candidates, { expiredUploadsBefore });
    const unlocked = candidates.filter((s) => !early.has(s));
    let referenced = early.size;
    const deleted: string[] = [];
    let retained = 0;
    let absent = 0;
    if (unlocked.length > 0) {
      await m.query('SELECT pg_advisory_xact_lock($1::bigint)', [OBJECT_REFERENCE_LOCK]);
      const late = await referencedObjects(m, unlocked, { expiredUploadsBefore });
      referenced += late.size;
      for (const sha256 of unlocked.filter((s) => !late.has(s))) {
        const stat = await deps.objects.stat(sha256);
        if (!stat) {
          absent++;
          continue;
        }
        if (stat.legalHold || (stat.retainUntil && stat.retainUntil.getTime() > now.getTime())) {
          retained++;
          continue;
        }
        try {
          await deps.objects.delete(sha256);
          deleted.push(sha256);
        } catch (e) {
          if (isCodedError(e) && e.code === 'OBJECT_RETAINED') retained++;
          else throw e;
        }
      }
    }
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      { type: 'STORAGE_OBJECTS_DELETED', payload: { deleted, referenced, retained, absent } },
    );
  };
}
