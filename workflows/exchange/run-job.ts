import type { DataSource } from 'typeorm';
import type { Clock } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { isPermanentJobError, type Job, type JobHandler } from './job';

/** Delay before attempt n+1: 10 s, 20 s, 40 s ... capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

export type JobOutcome = 'done' | 'retry' | 'failed' | 'lost';

/**
 * Runs a claimed job: the handler and the completion in one transaction (done only if this worker still
 * holds the claim, else the handler's writes roll back: 'lost'). On error the job is released to run again
 * after `backoffMs(attempts)`, or marked failed after `maxAttempts` — at once when the error is permanent
 * (isPermanentJobError) —; the error text is kept, and the handler's `onFailed` records the failure in the
 * same transaction.
 */
export async function runJob(
  db: DataSource,
  job: Job,
  handlers: Readonly<Record<string, JobHandler>>,
  o: { readonly workerId: string; readonly clock: Clock },
): Promise<JobOutcome> {
  const handler = handlers[job.kind];
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    return await db.transaction(async (m) => {
      const now = o.clock.now();
      await handler(m, job, now);
      const [, done]: [unknown, number] = await m.query(
        `UPDATE jobs SET done_at = $3, locked_by = NULL, locked_until = NULL, last_error = NULL
         WHERE id = $1 AND locked_by = $2 AND done_at IS NULL`,
        [job.id, o.workerId, now],
      );
      if (done !== 1) throw new LostClaim();
      return 'done' as const;
    });
  } catch (e) {
    if (e instanceof LostClaim) return 'lost';
    const now = o.clock.now();
    const permanent = isPermanentJobError(e);
    const failed = permanent || job.attempts >= job.maxAttempts;
    const release = async (q: Queryable): Promise<boolean> => {
      const [, n]: [unknown, number] = await q.query(
        `UPDATE jobs SET locked_by = NULL, locked_until = NULL, last_error = $3,
           run_at = CASE WHEN $4 THEN run_at ELSE $5::timestamptz END,
           failed_at = CASE WHEN $4 THEN $6::timestamptz ELSE NULL END
         WHERE id = $1 AND locked_by = $2 AND done_at IS NULL`,
        [
          job.id,
          o.workerId,
          String(e instanceof Error ? e.message : e).slice(0, 2000),
          failed,
          new Date(now.getTime() + backoffMs(job.attempts)),
          now,
        ],
      );
      return n === 1;
    };
    const onFailed = failed ? handler?.onFailed : undefined;
    let held: boolean;
    if (onFailed) {
      try {
        held = await db.transaction(async (m) => {
          if (!(await release(m))) return false;
          await onFailed(m, job, { error: e, attempts: job.attempts, permanent }, now);
          return true;
        });
      } catch {
        // Recording why failed (it rolled back): the job is still failed, without the record.
        held = await release(db);
      }
    } else held = await release(db);
    if (!held) return 'lost';
    return failed ? 'failed' : 'retry';
  }
}

class LostClaim extends Error {}
