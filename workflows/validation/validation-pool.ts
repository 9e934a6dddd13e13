import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../signing/errors';
import type { ReportProblem } from '../../signing/validate/report/validation-report';
import type { DocumentValidation } from '../../signing/validate/validation-result';
import type { IsolatedJob, WorkerAnswer, WorkerMessage } from './validation-worker-protocol';

export interface PoolLimits {
  /** Worker threads at most (default: the number of cores). */
  readonly workers: number;
  /** Wall-clock limit of one validation, from the moment a ready worker takes it (default 60 s). */
  readonly timeoutMs: number;
  /** V8 old-generation heap of each worker (default 512 MiB). */
  readonly maxHeapMb: number;
  /** Validations waiting for a worker before new ones are refused with VALIDATION_BUSY (default 256). */
  readonly maxQueue: number;
  /** An idle worker is stopped after this long (default 60 s). */
  readonly idleMs: number;
  /** A worker is replaced after this many files (default 200), so nothing accumulates. */
  readonly maxJobsPerWorker: number;
}

export type IsolatedOutcome =
  | { readonly kind: 'result'; readonly result: DocumentValidation }
  | { readonly kind: 'unreadable'; readonly problem: ReportProblem }
  | { readonly kind: 'aborted'; readonly problem: ReportProblem };

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxQueue: 256,
  idleMs: 60_000,
  maxJobsPerWorker: 200,
};

/** A worker that does not report ready in this time is treated as failed. */
const BOOT_TIMEOUT_MS = 120_000;

interface Pending {
  readonly job: IsolatedJob;
  readonly resolve: (o: IsolatedOutcome) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  jobs: number;
  busy?: { readonly id: number; readonly pending: Pending; readonly timer: NodeJS.Timeout };
  timer?: NodeJS.Timeout;
}

export class PoolError extends CodedError {}

export function problem(
  code: ReportProblem['code'],
  vi: string,
  en: string,
  detail: string | null,
): ReportProblem {
  return { code, message: en, messageVi: vi, detail };
}

/**
 * Validation of untrusted files in worker threads (node:worker_threads) with `resourceLimits` on
 * the heap, a wall-clock limit after which the thread is terminated, and at most one thread per core.
 * Every call resolves: a result, UNREADABLE, or ABORTED (time or memory limit, worker failure) — the
 * caller reports ABORTED as INDETERMINATE, never as passed. Only an overfull queue throws
 * (VALIDATION_BUSY). Threads are reused for many files and replaced after a limit; idle threads are
 * unreferenced (they never keep the process alive) and stopped after `idleMs`.
 */
export class ValidationPool {
  readonly limits: PoolLimits;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(limits: Partial<PoolLimits> = {}) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...limits };
  }

  /** Validations running or waiting. */
  get load(): { running: number; queued: number; workers: number } {
    return {
      running: this.slots.filter((s) => s.busy).length,
      queued: this.queue.length,
      workers: this.slots.length,
    };
  }

  run(job: IsolatedJob): Promise<IsolatedOutcome> {
    if (this.closed || this.queue.length >= this.limits.maxQueue)
      return Promise.reject(
        new PoolError(
          'VALIDATION_BUSY',
          {
            vi: 'Máy chủ đang kiểm tra quá nhiều tệp; vui lòng thử lại sau ít phút',
            en: 'The server is validating too many files; please try again in a few minutes',
          },
          { details: { queued: this.queue.length, limit: this.limits.maxQueue } },
        ),
      );
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /** Stops every thread; validations still waiting end as ABORTED. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(this.failure('the validation service is stopping'));
    await Promise.all(
      [...this.slots].map((s) => this.retire(s, this.failure('the validation service is stopping'))),
    );
  }

  private pump(): void {
    for (;;) {
      if (this.queue.length === 0) return;
      const idle = this.slots.find((s) => s.ready && !s.busy);
      if (!idle) break;
      this.dispatch(idle, this.queue.shift()!);
    }
    const booting = this.slots.filter((s) => !s.ready).length;
    let wanted = this.queue.length - booting;
    while (wanted-- > 0 && this.slots.length < this.limits.workers && !this.closed) this.spawn();
  }

  private spawn(): void {
    const worker = createWorker({
      maxOldGenerationSizeMb: this.limits.maxHeapMb,
      maxYoungGenerationSizeMb: Math.max(4, Math.min(64, Math.floor(this.limits.maxHeapMb / 4))),
      stackSizeMb: 4,
    });
    const slot: Slot = { worker, ready: false, jobs: 0 };
    this.slots.push(slot);
    slot.timer = setTimeout(() => this.onBroken(slot, 'did not start in time'), BOOT_TIMEOUT_MS);
    slot.timer.unref();
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => this.onBroken(slot, e.message, e.code));
    worker.on('exit', (code) => this.onBroken(slot, `exited with code ${code}`));
  }

  private dispatch(slot: Slot, pending: Pending): void {
    if (slot.timer) clearTimeout(slot.timer);
    const id = this.nextId++;
    const timer = setTimeout(() => {
      const s = this.limits.timeoutMs / 1000;
      void this.retire(
        slot,
        aborted(
          problem(
            'VALIDATION_TIMEOUT',
            `Kiểm tra chữ ký vượt quá thời gian cho phép (${s} giây) và đã bị dừng`,
            `Validation exceeded its time limit (${s} s) and was stopped`,
            null,
          ),
        ),
      );
    }, this.limits.timeoutMs);
    slot.busy = { id, pending, timer };
    slot.worker.ref();
    slot.worker.postMessage({ id, job: pending.job });
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') {
      if (slot.timer) clearTimeout(slot.timer);
      slot.ready = true;
      this.idle(slot);
      this.pump();
      return;
    }
    const busy = slot.busy;
    if (!busy || busy.id !== m.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    slot.jobs++;
    busy.pending.resolve(outcomeOf(m.answer));
    if (slot.jobs >= this.limits.maxJobsPerWorker) void this.retire(slot);
    else this.idle(slot);
    this.pump();
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
    slot.timer = setTimeout(() => void this.retire(slot), this.limits.idleMs);
    slot.timer.unref();
  }

  /** The thread died or failed: its file (or, while it booted, the next waiting one) is ABORTED. */
  private onBroken(slot: Slot, reason: string, code?: string): void {
    if (!this.slots.includes(slot)) return;
    const outcome =
      code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? aborted(
            problem(
              'VALIDATION_MEMORY_LIMIT',
              `Kiểm tra chữ ký vượt giới hạn bộ nhớ (${this.limits.maxHeapMb} MB) và đã bị dừng`,
              `Validation exceeded its memory limit (${this.limits.maxHeapMb} MB) and was stopped`,
              reason,
            ),
          )
        : this.failure(reason);
    if (!slot.ready && !slot.busy) {
      // A thread that cannot start takes one waiting file with it, so a broken installation
      // answers every caller instead of spawning threads forever.
      this.remove(slot);
      this.queue.shift()?.resolve(outcome);
      void slot.worker.terminate();
      this.pump();
      return;
    }
    void this.retire(slot, outcome);
  }

  private failure(reason: string): IsolatedOutcome {
    return aborted(
      problem(
        'VALIDATION_WORKER_FAILED',
        'Tiến trình kiểm tra chữ ký gặp lỗi và đã dừng',
        'The validation worker failed and was stopped',
        reason,
      ),
    );
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
  }

  /** Removes and terminates a thread; a file it was validating resolves with `outcome`. */
  private async retire(slot: Slot, outcome?: IsolatedOutcome): Promise<void> {
    if (!this.slots.includes(slot)) return;
    this.remove(slot);
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.pending.resolve(outcome ?? this.failure('stopped'));
    }
    this.pump();
    await slot.worker.terminate().catch(() => undefined);
  }
}

const aborted = (p: ReportProblem): IsolatedOutcome => ({ kind: 'aborted', problem: p });

function outcomeOf(a: WorkerAnswer): IsolatedOutcome {
  if (a.kind === 'result') return { kind: 'result', result: a.result };
  if (a.kind === 'unreadable')
    return {
      kind: 'unreadable',
      problem: problem(
        'VALIDATION_UNREADABLE',
        'Không thể kiểm tra: tệp không phải PDF đọc được',
        'Cannot evaluate: the file is not a readable PDF',
        a.reason,
      ),
    };
  return aborted(
    problem(
      'VALIDATION_WORKER_FAILED',
      'Tiến trình kiểm tra chữ ký gặp lỗi',
      'The validation worker failed',
      a.reason,
    ),
  );
}

/** The compiled entry next to this file, or the TypeScript source through ts-node (tests, ts-node runs). */
function createWorker(
  resourceLimits: NonNullable<ConstructorParameters<typeof Worker>[1]>['resourceLimits'],
): Worker {
  const base = path.join(__dirname, 'validation-worker-main');
  if (__filename.endsWith('.ts')) {
    const source = `require('ts-node/register/transpile-only'); require(${JSON.stringify(`${base}.ts`)});`;
    return new Worker(source, { eval: true, resourceLimits });
  }
  return new Worker(`${base}.js`, { resourceLimits });
}

let shared: ValidationPool | undefined;

/** The process's pool: every validation of the server (HTTP, batches, arrival) shares its threads. */
export function sharedValidationPool(): ValidationPool {
  shared ??= new ValidationPool();
  return shared;
}
