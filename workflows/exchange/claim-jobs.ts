import type { DataSource } from 'typeorm';
import { toJob, type Job, type JobRow } from './job';

export interface ClaimOptions {
  readonly workerId: string;
  readonly now: Date;
  readonly limit?: number;
  /**
   * How long the claim holds before another worker may take the job over (a crashed worker). A live
   * worker renews its claims well before then (renewClaims), so this is how long a dead one's jobs wait.
   */
  readonly lockMs?: number;
  readonly kinds?: readonly string[];
}

/**
 * Claims due jobs for one worker. `FOR UPDATE SKIP LOCKED` lets any number of replicas claim at once
 * without waiting on or double-taking each other's rows; a claim is a short lease that expires after
 * `lockMs` unless renewed, so the jobs of a worker killed mid-run are claimed again within seconds. Each
 * claim counts as an attempt.
 */
export async function claimJobs(db: DataSource, o: ClaimOptions): Promise<Job[]> {
  const lockUntil = new Date(o.now.getTime() + (o.lockMs ?? 60_000));
  const rows: [JobRow[], number] = await db.query(
    `UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
       WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $3
         AND (locked_until IS NULL OR locked_until <= $3)
         AND ($5::text[] IS NULL OR kind = ANY($5::text[]))
       ORDER BY run_at, id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, run_at, attempts, max_attempts, locked_by, locked_until`,
    [o.workerId, lockUntil, o.now, o.limit ?? 50, o.kinds ? [...o.kinds] : null],
  );
  return rows[0]
    .map(toJob)
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || Number(a.id) - Number(b.id));
}

/**
 * The heartbeat of a live worker: extends the lease of every job it still holds (claimed, not finished)
 * to `now + lockMs`. A job another worker took over after the lease lapsed is no longer held (locked_by
 * changed) and is left alone; the first worker then loses it at completion (runJob: 'lost'). Returns how
 * many claims were renewed.
 */
export async function renewClaims(
  db: DataSource,
  o: { readonly workerId: string; readonly now: Date; readonly lockMs: number },
): Promise<number> {
  const [, n]: [unknown, number] = await db.query(
    `UPDATE jobs SET locked_until = $2
     WHERE locked_by = $1 AND done_at IS NULL AND failed_at IS NULL`,
    [o.workerId, new Date(o.now.getTime() + o.lockMs)],
  );
  return n;
}
