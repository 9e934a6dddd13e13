import type { Queryable } from '../directory/unit-repository';

export interface NewJob {
  readonly kind: string;
  readonly payload?: Record<string, unknown>;
  readonly runAt: Date;
  /** A job with the same key is not enqueued twice (the first one wins, done or not). */
  readonly dedupeKey?: string;
  readonly maxAttempts?: number;
}

/**
 * Enqueues jobs; call it with the transaction's manager so the job commits with the change that caused
 * it (outbox). Returns how many were new.
 */
export async function enqueueJobs(q: Queryable, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const rows: { id: string }[] = await q.query(
    `INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts)
     SELECT * FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[], $4::text[], $5::int[])
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      jobs.map((j) => j.kind),
      jobs.map((j) => JSON.stringify(j.payload ?? {})),
      jobs.map((j) => j.runAt),
      jobs.map((j) => j.dedupeKey ?? null),
      jobs.map((j) => j.maxAttempts ?? 10),
    ],
  );
  return rows.length;
}
