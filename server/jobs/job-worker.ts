import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../workflows/context';
import { claimJobs, renewClaims } from '../../workflows/exchange/claim-jobs';
import type { JobHandler } from '../../workflows/exchange/job';
import {
  ensureRecurringJobs,
  recurringSlot,
  type RecurringJob,
} from '../../workflows/exchange/recurring-jobs';
import { runJob, type JobOutcome } from '../../workflows/exchange/run-job';

/** Default lease of a job claim (JOB_LEASE_SECONDS): how long a dead replica's jobs wait. */
export const DEFAULT_JOB_LEASE_MS = 30_000;

export interface JobWorkerOptions {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Handlers by job kind; only these kinds are claimed (another replica may run other kinds). */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Pause between polls when no job was due (default 2 s). */
  readonly pollMs?: number;
  /** Jobs claimed per poll (default 20). */
  readonly batch?: number;
  /**
   * Lease of a claim: how long the jobs of a worker that died stay with it before another worker takes
   * them over (default 30 s; JOB_LEASE_SECONDS). A live worker renews its claims every `heartbeatMs`.
   */
  readonly lockMs?: number;
  /** How often a worker renews the leases of the jobs in hand (default a third of `lockMs`). */
  readonly heartbeatMs?: number;
  readonly workerId?: string;
  /** Poll on a timer (default). False: jobs run only through `runDue()` (tests, one-shot commands). */
  readonly poll?: boolean;
  /**
   * Kinds that run periodically (the storage sweep): once per slot of `everyMs` the worker makes sure one
   * is queued (ensureRecurringJobs; their handlers queue the next run themselves).
   */
  readonly recurring?: readonly RecurringJob[];
}

export interface JobWorker {
  readonly workerId: string;
  /** Claims and runs the due jobs once, until none is left; returns the outcomes (tests, admin). */
  runDue(): Promise<JobOutcome[]>;
  /** Renews the leases of the jobs in hand now (what the heartbeat does); returns how many. */
  renewClaims(): Promise<number>;
  /** Stops polling and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

/**
 * The in-process job worker: polls the PostgreSQL `jobs` table (claimJobs, FOR UPDATE SKIP LOCKED) and
 * runs each claimed job with runJob (handler + completion in one transaction; back-off on error). Any
 * number of replicas run one each. Claims are short leases renewed by a heartbeat while the jobs are in
 * hand, so the jobs of a replica that dies are taken over by another once the lease lapses (seconds).
 * A database outage is logged and polled again; it never stops the loop.
 */
export function startJobWorker(o: JobWorkerOptions): JobWorker {
  const workerId = o.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = o.pollMs ?? 2000;
  const batch = o.batch ?? 20;
  const lockMs = o.lockMs ?? DEFAULT_JOB_LEASE_MS;
  const heartbeatMs = o.heartbeatMs ?? Math.max(1000, Math.floor(lockMs / 3));
  const kinds = Object.keys(o.handlers);
  const log = o.logger.child({ component: 'job-worker', workerId });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  /** Serialises runDue calls from the loop and from callers. */
  let running: Promise<unknown> = Promise.resolve();

  /** Slot (per recurring kind) for which a job was last made sure of. */
  const ensured = new Map<string, number>();
  const ensureRecurring = async (now: Date): Promise<void> => {
    const due = (o.recurring ?? []).filter(
      (r) => kinds.includes(r.kind) && ensured.get(r.kind) !== recurringSlot(now, r.everyMs).getTime(),
    );
    if (due.length === 0) return;
    await ensureRecurringJobs(o.db, now, due);
    for (const r of due) ensured.set(r.kind, recurringSlot(now, r.everyMs).getTime());
  };

  const runBatch = async (): Promise<{ outcomes: JobOutcome[]; claimed: number }> => {
    await ensureRecurring(o.clock.now());
    const jobs = await claimJobs(o.db, {
      workerId,
      now: o.clock.now(),
      limit: batch,
      lockMs,
      kinds,
    });
    const outcomes: JobOutcome[] = [];
    if (jobs.length === 0) return { outcomes, claimed: 0 };
    // Heartbeat while the jobs are in hand (the one running and those waiting their turn in the batch).
    const heartbeat = setInterval(() => {
      renew().catch((e: unknown) => log.warn({ err: e }, 'renewing job leases failed'));
    }, heartbeatMs);
    heartbeat.unref();
    try {
      await runClaimed(jobs, outcomes);
    } finally {
      clearInterval(heartbeat);
    }
    return { outcomes, claimed: jobs.length };
  };

  const renew = (): Promise<number> => renewClaims(o.db, { workerId, now: o.clock.now(), lockMs });

  const runClaimed = async (jobs: Awaited<ReturnType<typeof claimJobs>>, outcomes: JobOutcome[]) => {
    for (const job of jobs) {
      const outcome = await runJob(o.db, job, o.handlers, { workerId, clock: o.clock });
      outcomes.push(outcome);
      const line = { jobId: job.id, kind: job.kind, attempt: job.attempts, outcome };
      if (outcome === 'done') log.debug(line, 'job done');
      else if (outcome === 'failed') log.error(line, 'job failed for good');
      else log.warn(line, 'job not done');
    }
  };

  const runDue = (): Promise<JobOutcome[]> => {
    const next = running.then(async () => {
      const all: JobOutcome[] = [];
      for (;;) {
        const { outcomes, claimed } = await runBatch();
        all.push(...outcomes);
        // A job retried with back-off is not due again at once; stop when nothing completed.
        if (claimed < batch || stopped || !outcomes.includes('done')) return all;
      }
    });
    running = next.catch(() => undefined);
    return next;
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        await runDue();
      } catch (e) {
        log.warn({ err: e }, 'polling jobs failed; retrying');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  };
  const looping = o.poll === false ? Promise.resolve() : loop();
  log.info({ kinds, pollMs, leaseMs: lockMs }, 'job worker started');

  return {
    workerId,
    runDue,
    renewClaims: renew,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await looping;
      await running;
      log.info('job worker stopped');
    },
  };
}
