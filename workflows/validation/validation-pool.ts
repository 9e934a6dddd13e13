import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodedError } from '../../signing/errors';
import type { ReportProblem } from '../../signing/validate/report/validation-report';
import type { DocumentValidation } from '../../signing/validate/validation-result';
import type {
  IsolatedJob,
  PoolJob,
  RefusedInput,
  SigningInputJob,
  WorkerAnswer,
  WorkerMessage,
  WorkerRequest,
} from './validation-worker-protocol';

export interface PoolLimits {
  /** Validation processes at most (default: the number of cores). */
  readonly workers: number;
  /** Wall-clock limit of one validation, from the moment a ready process takes it (default 60 s). */
  readonly timeoutMs: number;
  /** V8 old-generation heap of each process, `--max-old-space-size` (default 512 MiB). */
  readonly maxHeapMb: number;
  /** Resident memory of each process, heap and buffers together, checked while it works (default 1 GiB). */
  readonly maxRssMb: number;
  /** Validations waiting for a process before new ones are refused with VALIDATION_BUSY (default 256). */
  readonly maxQueue: number;
  /** An idle process is stopped after this long (default 60 s). */
  readonly idleMs: number;
  /** A process is replaced after this many files (default 200), so nothing accumulates. */
  readonly maxJobsPerWorker: number;
}

/** A file stopped at a limit (time, memory) or lost with its process. */
export type AbortedOutcome = { readonly kind: 'aborted'; readonly problem: ReportProblem };

export type IsolatedOutcome =
  | { readonly kind: 'result'; readonly result: DocumentValidation }
  | { readonly kind: 'unreadable'; readonly problem: ReportProblem }
  | AbortedOutcome;

/** A signing input's dry run: signable, refused with the engine's coded error, or aborted. */
export type SigningInputOutcome =
  { readonly kind: 'signable' } | { readonly kind: 'refused'; readonly error: RefusedInput } | AbortedOutcome;

/** What a process answered, or why it could not. */
type RawOutcome = { readonly kind: 'answer'; readonly answer: WorkerAnswer } | AbortedOutcome;

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxRssMb: 1024,
  maxQueue: 256,
  idleMs: 60_000,
  maxJobsPerWorker: 200,
};

/** A process that does not report ready in this time is treated as failed. */
const BOOT_TIMEOUT_MS = 120_000;
/** How often the resident memory of a working process is read (Linux /proc). */
const RSS_CHECK_MS = 100;

interface Pending {
  readonly job: PoolJob;
  readonly resolve: (o: RawOutcome) => void;
}

interface Slot {
  readonly child: ChildProcess;
  ready: boolean;
  jobs: number;
  busy?: {
    readonly id: number;
    readonly pending: Pending;
    readonly timers: NodeJS.Timeout[];
    /** A temporary copy of `bytes` handed over by path. */
    readonly tempFile?: string;
  };
  timer?: NodeJS.Timeout;
  /** The end of the process's stderr (V8 reports a heap exhaustion there). */
  stderr: string;
  /** Why the pool stopped it (time or memory limit), to report instead of a plain exit. */
  stoppedFor?: AbortedOutcome;
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
 * Validation of untrusted files in separate Node.js processes: each with a V8 heap limit
 * (`--max-old-space-size`), a resident-memory watchdog and a wall-clock limit after which it is
 * killed, and at most one process per core. Processes, not worker threads: a worker thread's
 * `resourceLimits` are best-effort — one large allocation (a Map or array growing past the limit)
 * aborts the whole server process instead of the thread (nodejs/node#47224) — whereas a child that
 * runs out of memory dies alone.
 *
 * The same processes parse PDFs about to be signed (checkSigningInput: a dry run of the signing
 * engine under SIGNING_INPUT_LIMITS, issue 10 item 5), so that a hostile file to sign costs the server's
 * event loop nothing either.
 *
 * Every call resolves: a result, UNREADABLE, or ABORTED (time or memory limit, process failure) —
 * callers report ABORTED as INDETERMINATE, never as passed. Only an overfull queue throws
 * (VALIDATION_BUSY). Processes are reused for many files and replaced after a limit; idle ones are
 * unreferenced (they never keep the server alive), stopped after `idleMs`, and exit on their own
 * when the server goes away (their IPC channel closes).
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

  /** Validations running or waiting, and live processes. */
  get load(): { running: number; queued: number; workers: number } {
    return {
      running: this.slots.filter((s) => s.busy).length,
      queued: this.queue.length,
      workers: this.slots.length,
    };
  }

  run(job: IsolatedJob): Promise<IsolatedOutcome> {
    return this.enqueue(job).then((o) => (o.kind === 'answer' ? outcomeOf(o.answer) : o));
  }

  /**
   * The dry run of a signing input (workflows/signing/check-signing-input.ts) in the same processes,
   * under the same time and memory limits as a validation.
   */
  checkSigningInput(job: SigningInputJob): Promise<SigningInputOutcome> {
    return this.enqueue(job).then((o) => {
      if (o.kind !== 'answer') return o;
      const a = o.answer;
      if (a.kind === 'signable' || a.kind === 'refused') return a;
      return aborted(
        problem(
          'VALIDATION_WORKER_FAILED',
          'Tiến trình kiểm tra tệp gặp lỗi',
          'The checking process failed',
          a.kind === 'result' ? 'unexpected answer' : a.reason,
        ),
      );
    });
  }

  private enqueue(job: PoolJob): Promise<RawOutcome> {
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

  /** Stops every process; validations still waiting end as ABORTED. */
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
    const child = createProcess(this.limits.maxHeapMb);
    const slot: Slot = { child, ready: false, jobs: 0, stderr: '' };
    this.slots.push(slot);
    slot.timer = setTimeout(() => this.onExit(slot, 'did not start in time'), BOOT_TIMEOUT_MS);
    slot.timer.unref();
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString('utf8')).slice(-4096);
    });
    child.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    child.on('error', (e) => this.onExit(slot, e.message));
    child.on('exit', (code, signal) => this.onExit(slot, `exited (${signal ?? code})`));
  }

  private dispatch(slot: Slot, pending: Pending): void {
    if (slot.timer) clearTimeout(slot.timer);
    const id = this.nextId++;
    let job = pending.job;
    let tempFile: string | undefined;
    if (job.kind === undefined && job.bytes !== undefined && job.path === undefined) {
      // Bytes go to the process as a private temporary file: no large IPC message.
      tempFile = path.join(
        os.tmpdir(),
        `vanban-validate-${process.pid}-${randomBytes(8).toString('hex')}.pdf`,
      );
      fs.writeFileSync(tempFile, job.bytes, { mode: 0o600, flag: 'wx' });
      job = { ...job, bytes: undefined, path: tempFile };
    }
    const seconds = this.limits.timeoutMs / 1000;
    const timeout = setTimeout(
      () =>
        this.stop(
          slot,
          aborted(
            problem(
              'VALIDATION_TIMEOUT',
              `Kiểm tra chữ ký vượt quá thời gian cho phép (${seconds} giây) và đã bị dừng`,
              `Validation exceeded its time limit (${seconds} s) and was stopped`,
              null,
            ),
          ),
        ),
      this.limits.timeoutMs,
    );
    const watchdog = setInterval(() => {
      const rss = residentMb(slot.child.pid);
      if (rss !== undefined && rss > this.limits.maxRssMb)
        this.stop(slot, this.memoryLimit(`resident ${rss} MB`));
    }, RSS_CHECK_MS);
    slot.busy = { id, pending, timers: [timeout, watchdog], tempFile };
    handles(slot.child).forEach((h) => h.ref?.());
    slot.child.send({ id, job } satisfies WorkerRequest);
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
    if (!busy || busy.id !== m.id || slot.stoppedFor) return;
    this.finish(slot, { kind: 'answer', answer: m.answer });
    slot.jobs++;
    if (slot.jobs >= this.limits.maxJobsPerWorker) void this.retire(slot);
    else this.idle(slot);
    this.pump();
  }

  /** Resolves the slot's current file and clears its timers and temporary copy. */
  private finish(slot: Slot, outcome: RawOutcome): void {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    for (const t of busy.timers) clearTimeout(t);
    if (busy.tempFile) fs.rm(busy.tempFile, { force: true }, () => undefined);
    busy.pending.resolve(outcome);
  }

  private idle(slot: Slot): void {
    handles(slot.child).forEach((h) => h.unref?.());
    slot.timer = setTimeout(() => void this.retire(slot), this.limits.idleMs);
    slot.timer.unref();
  }

  private memoryLimit(detail: string): AbortedOutcome {
    return aborted(
      problem(
        'VALIDATION_MEMORY_LIMIT',
        `Kiểm tra chữ ký vượt giới hạn bộ nhớ và đã bị dừng`,
        `Validation exceeded its memory limit and was stopped`,
        detail,
      ),
    );
  }

  /** Kills a working process for `outcome` (a limit); its exit then reports it. */
  private stop(slot: Slot, outcome: AbortedOutcome): void {
    if (slot.stoppedFor) return;
    slot.stoppedFor = outcome;
    slot.child.kill('SIGKILL');
  }

  /** The process ended: its file (or, while it started, the next waiting one) is ABORTED. */
  private onExit(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return;
    this.remove(slot);
    const heap = /heap out of memory|Allocation failed/i.test(slot.stderr);
    const outcome =
      slot.stoppedFor ??
      (heap ? this.memoryLimit(`V8 heap above ${this.limits.maxHeapMb} MB`) : this.failure(reason));
    if (slot.busy) this.finish(slot, outcome);
    else if (!slot.ready) {
      // A process that cannot start takes one waiting file with it, so a broken installation
      // answers every caller instead of starting processes forever.
      this.queue.shift()?.resolve(this.failure(`${reason}: ${slot.stderr.trim().slice(-500)}`));
    }
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
    this.pump();
  }

  private failure(reason: string): AbortedOutcome {
    return aborted(
      problem(
        'VALIDATION_WORKER_FAILED',
        'Tiến trình kiểm tra chữ ký gặp lỗi và đã dừng',
        'The validation process failed and was stopped',
        reason,
      ),
    );
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
  }

  /** Removes and stops a process; a file it was validating resolves with `outcome`. */
  private async retire(slot: Slot, outcome?: AbortedOutcome): Promise<void> {
    if (!this.slots.includes(slot)) return;
    this.remove(slot);
    this.finish(slot, outcome ?? this.failure('stopped'));
    this.pump();
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      slot.child.once('exit', () => resolve());
      // An idle process is unreferenced: referenced again, its exit is awaited rather than lost.
      slot.child.ref();
      slot.child.kill('SIGKILL');
    });
  }
}

const aborted = (p: ReportProblem): AbortedOutcome => ({ kind: 'aborted', problem: p });

function outcomeOf(a: WorkerAnswer): IsolatedOutcome {
  if (a.kind === 'result') return { kind: 'result', result: a.result };
  if (a.kind === 'signable' || a.kind === 'refused')
    return aborted(
      problem(
        'VALIDATION_WORKER_FAILED',
        'Tiến trình kiểm tra chữ ký gặp lỗi',
        'The validation process failed',
        'unexpected answer',
      ),
    );
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
      'The validation process failed',
      a.reason,
    ),
  );
}

/** What keeps the event loop alive for a child: the process, its IPC channel and its stderr pipe. */
function handles(child: ChildProcess): { ref?: () => void; unref?: () => void }[] {
  return [child, child.channel, child.stderr].filter(Boolean) as { ref?: () => void; unref?: () => void }[];
}

/** Resident set size in MB (Linux /proc/<pid>/statm; undefined elsewhere or once gone). */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Math.round((pages * 4096) / (1024 * 1024));
  } catch {
    return undefined;
  }
}

/** The compiled entry next to this file, or the TypeScript source through ts-node (tests, ts-node runs). */
function createProcess(maxHeapMb: number): ChildProcess {
  const base = path.join(__dirname, 'validation-worker-main');
  const ts = __filename.endsWith('.ts');
  return fork(ts ? `${base}.ts` : `${base}.js`, [], {
    execArgv: [
      `--max-old-space-size=${maxHeapMb}`,
      ...(ts ? ['--require', 'ts-node/register/transpile-only'] : []),
    ],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}

let shared: ValidationPool | undefined;

/** The process's pool: every validation of the server (HTTP, batches, arrival) shares its processes. */
export function sharedValidationPool(): ValidationPool {
  shared ??= new ValidationPool();
  return shared;
}
