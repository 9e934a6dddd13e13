import type { ObjectStore } from '../../storage/objects/object-store';
import type { JobHandler } from '../exchange/job';
import type { RecurringJob } from '../exchange/recurring-jobs';
import { DISPOSE_OBJECTS_JOB, disposeObjects } from './disposal';
import {
  DEFAULT_PACKAGE_RETENTION_DAYS,
  PACKAGE_EXPIRY_EVERY_MS,
  PACKAGE_EXPIRY_JOB,
  packageExpiryJob,
} from './package-expiry';
import { TRANSFER_DUE_EVERY_MS, TRANSFER_DUE_JOB, transferDueAlerts } from './transfer-due-alerts';

/**
 * The archive's background jobs (transfer-due alerts, deletion of disposed objects, expiry of finished
 * package exports after `packageRetentionMs` — ARCHIVE_PACKAGE_RETENTION_DAYS) for the worker.
 */
export function archiveJobs(deps: {
  readonly objects: Pick<ObjectStore, 'delete' | 'stat'>;
  readonly packageRetentionMs?: number;
}): {
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
} {
  return {
    handlers: {
      [TRANSFER_DUE_JOB]: transferDueAlerts(),
      [DISPOSE_OBJECTS_JOB]: disposeObjects(deps),
      [PACKAGE_EXPIRY_JOB]: packageExpiryJob({
        retentionMs: deps.packageRetentionMs ?? DEFAULT_PACKAGE_RETENTION_DAYS * 86_400_000,
      }),
    },
    recurring: [
      { kind: TRANSFER_DUE_JOB, everyMs: TRANSFER_DUE_EVERY_MS },
      { kind: PACKAGE_EXPIRY_JOB, everyMs: PACKAGE_EXPIRY_EVERY_MS },
    ],
  };
}
