import type { ObjectStore } from '../../storage/objects/object-store';
import type { JobHandler } from '../../workflows/exchange/job';
import type { RecurringJob } from '../../workflows/exchange/recurring-jobs';
import {
  DELETE_OBJECTS_JOB,
  deleteUnreferencedObjects,
} from '../../workflows/maintenance/delete-unreferenced-objects';
import {
  DEFAULT_STORAGE_SWEEP,
  STORAGE_SWEEP_JOB,
  sweepStorage,
  type StorageSweepOptions,
} from '../../workflows/maintenance/sweep-storage';

/**
 * The storage maintenance the server's worker runs: the periodic sweep (`storage.sweep`: expired two-step
 * sessions, uploaded files after 24 h, validation batch uploads after their retention) and the deletion of
 * the objects it freed (`storage.delete_objects`), with the recurring entry the worker keeps queued.
 */
export function storageJobHandlers(deps: {
  readonly objects: Pick<ObjectStore, 'stat' | 'delete'>;
  readonly sweep?: Partial<StorageSweepOptions>;
}): { handlers: Record<string, JobHandler>; recurring: RecurringJob[] } {
  const options = { ...DEFAULT_STORAGE_SWEEP, ...deps.sweep };
  return {
    handlers: {
      [STORAGE_SWEEP_JOB]: sweepStorage(options),
      [DELETE_OBJECTS_JOB]: deleteUnreferencedObjects({
        objects: deps.objects,
        batchUploadRetentionMs: options.batchUploadRetentionMs,
      }),
    },
    recurring: [{ kind: STORAGE_SWEEP_JOB, everyMs: options.everyMs }],
  };
}
