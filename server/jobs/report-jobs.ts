import type { Job, JobHandler } from '../../workflows/exchange/job';
import { enqueueJobs } from '../../workflows/exchange/enqueue-job';
import { recurringSlot, type RecurringJob } from '../../workflows/exchange/recurring-jobs';
import { issueEndedReports } from '../../workflows/reports/issued-reports';

export const REPORT_ISSUE_JOB = 'reports.issue';
const EVERY_MS = 3_600_000;

/**
 * The scheduled reports (issue 13 item 5): every hour the worker issues the reports of periods that have
 * ended and are not issued yet (workflows/reports/issued-reports.ts), then queues its next run.
 */
export function reportJobs(): { handlers: Record<string, JobHandler>; recurring: RecurringJob[] } {
  const next = async (m: Parameters<JobHandler>[0], now: Date) => {
    const slot = recurringSlot(new Date(now.getTime() + EVERY_MS), EVERY_MS);
    await enqueueJobs(m, [
      {
        kind: REPORT_ISSUE_JOB,
        payload: {},
        runAt: slot,
        dedupeKey: `${REPORT_ISSUE_JOB}:${slot.toISOString()}`,
      },
    ]);
  };
  const handler: JobHandler = Object.assign(
    async (m: Parameters<JobHandler>[0], _job: Job, now: Date) => {
      await issueEndedReports(m, now);
      await next(m, now);
    },
    { onFailed: async (m: Parameters<JobHandler>[0], _job: Job, _f: unknown, now: Date) => next(m, now) },
  );
  return {
    handlers: { [REPORT_ISSUE_JOB]: handler },
    recurring: [{ kind: REPORT_ISSUE_JOB, everyMs: EVERY_MS }],
  };
}
