import type { Queryable } from '../directory/unit-repository';

/** A job kind that runs every `everyMs` (its handler queues the next run; the worker keeps one queued). */
export interface RecurringJob {
  readonly kind: string;
  readonly everyMs: number;
}

/** The start of the `everyMs` slot that holds `at` (slots counted from the Unix epoch). */
export function recurringSlot(at: Date, everyMs: number): Date {
  return new Date(Math.floor(at.getTime() / everyMs) * everyMs);
}

/**
 * Makes sure each recurring kind has a job waiting: when none is pending (never started, or its chain
 * was broken), one is queued for now with the dedupe key `{kind}:{slot start}`, the key the handlers use
 * for their next run — so replicas starting together, or a handler and a worker racing, queue one job
 * per slot. Returns how many were queued.
 */
export async function ensureRecurringJobs(
  q: Queryable,
  now: Date,
  jobs: readonly RecurringJob[],
): Promise<number> {
  let queued = 0;
  for (const j of jobs) {
    const rows: unknown[] = await q.query(
      `INSERT INTO jobs (kind, payload, run_at, dedupe_key)
       SELECT $1, '{}'::jsonb, $2, $3
       WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [j.kind, now, `${j.kind}:${recurringSlot(now, j.everyMs).toISOString()}`],
    );
    queued += rows.length;
  }
  return queued;
}
