import type { Indication } from '../../signing/validate/validation-result';

export const VALIDATION_BATCH_FILE_JOB = 'validation.batch_file';
/** Files one batch may hold. */
export const MAX_BATCH_FILES = 1000;

export const batchFileJobKey = (fileId: string): string => `${VALIDATION_BATCH_FILE_JOB}:${fileId}`;

export type BatchFileState = 'queued' | 'running' | 'done' | 'failed';
/** A file's verdict: the report's indication, or why there is none. */
export type BatchVerdict = Indication | 'NO_SIGNATURE' | 'UNREADABLE';

export interface BatchFile {
  readonly id: string;
  readonly seq: number;
  readonly source: 'upload' | 'stored';
  readonly fileName: string | null;
  readonly sha256: string;
  readonly size: number;
  readonly state: BatchFileState;
  readonly verdict: BatchVerdict | null;
  readonly reportId: string | null;
  readonly doneAt: Date | null;
  /** Why the job gave up (state failed), e.g. the object store was unreachable every time. */
  readonly error: string | null;
}

export interface ValidationBatch {
  readonly id: string;
  readonly unitId: string;
  readonly createdBy: string;
  readonly name: string;
  readonly online: boolean;
  /** Validation time of every file; null: when each file is validated. */
  readonly validationTime: Date | null;
  /** Revocation evidence the auditor gave with the batch (used for every file): how many of each. */
  readonly evidence: { readonly crls: number; readonly ocsps: number };
  readonly createdAt: Date;
  readonly progress: {
    readonly total: number;
    readonly done: number;
    readonly failed: number;
    readonly pending: number;
  };
  readonly verdicts: Readonly<Record<BatchVerdict, number>>;
  readonly files: readonly BatchFile[];
}
