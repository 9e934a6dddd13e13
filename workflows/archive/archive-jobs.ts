import type { ObjectStore } from '../../storage/objects/object-store';
import type { JobHandler } from '../exchange/job';
import type { RecurringJob } from '../exchange/recurring-jobs';
import { DISPOSE_OBJECTS_JOB, disposeObjects } from './disposal';
import { TRANSFER_DUE_EVERY_MS, TRANSFER_DUE_JOB, transferDueAlerts } from './transfer-due-alerts';

/** The archive's background jobs (transfer-due alerts, deletion of disposed objects) for the worker. */
export function archiveJobs(deps: { readonly objects: Pick<ObjectStore, 'delete' | 'stat'> }): {
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
} {
  return {
    handlers: {
      [TRANSFER_DUE_JOB]: transferDueAlerts(),
      [DISPOSE_OBJECTS_JOB]: disposeObjects(deps),
    },
    recurring: [{ kind: TRANSFER_DUE_JOB, everyMs: TRANSFER_DUE_EVERY_MS }],
  };
}
