import type { EntityManager } from 'typeorm';

/** A job of the PostgreSQL outbox (table `jobs`). */
export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly payload: Record<string, unknown>;
  readonly runAt: Date;
  /** Attempts so far, counting the one in progress once claimed. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lockedBy: string | null;
  readonly lockedUntil: Date | null;
}

/** Why a job was given up: its last error, after how many attempts, and whether it was permanent. */
export interface JobFailure {
  readonly error: unknown;
  readonly attempts: number;
  /** The error said that trying again cannot help (see isPermanentJobError). */
  readonly permanent: boolean;
}

/**
 * Runs one job inside a transaction that also marks it done: the handler's database writes and the
 * completion commit together, so a job whose effects are in PostgreSQL runs exactly once. `onFailed`
 * (optional) runs in the transaction that marks the job failed for good, to record why (audit).
 */
export type JobHandler = ((m: EntityManager, job: Job, now: Date) => Promise<void>) & {
  readonly onFailed?: (m: EntityManager, job: Job, failure: JobFailure, now: Date) => Promise<void>;
};

/**
 * An error that retrying cannot cure (a peer refusing the content itself): an error object with
 * `permanent: true`. runJob fails such a job at once instead of backing off.
 */
export function isPermanentJobError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { permanent?: unknown }).permanent === true;
}

export interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
}

export function toJob(r: JobRow): Job {
  return {
    id: String(r.id),
    kind: r.kind,
    payload: r.payload,
    runAt: r.run_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until,
  };
}
