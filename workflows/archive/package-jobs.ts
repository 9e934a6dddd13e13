import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { describePackage, exportPackage, type PackageSelection } from './package-export';
import './package-import';
import { PackageError } from './package-tar';

/**
 * Package exports as background jobs of this server process: the request checks access and answers at
 * once with the job; the tar is written to a private temporary directory with progress (bytes done of
 * bytes total), then downloaded by the person who asked (a stream from the file). Finished packages are
 * removed after `keepMs` (default 24 h). Jobs live in memory: a restart forgets them (docs/archive.md).
 */

export interface PackageJob {
  readonly id: string;
  readonly requestedBy: string;
  readonly status: 'running' | 'finished' | 'failed';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  readonly objects: number;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

interface Job extends Omit<
  PackageJob,
  'status' | 'bytesDone' | 'bytesTotal' | 'records' | 'objects' | 'error' | 'finishedAt'
> {
  status: PackageJob['status'];
  bytesDone: number;
  bytesTotal: number;
  records: number;
  objects: number;
  error: string | null;
  finishedAt: Date | null;
  file: string;
  done: Promise<void>;
}

export class PackageJobs {
  private readonly jobs = new Map<string, Job>();
  private dir: Promise<string> | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly keepMs = 24 * 3600_000,
  ) {}

  private workDir(): Promise<string> {
    return (this.dir ??= fs.mkdtemp(path.join(os.tmpdir(), 'vanban-packages-')));
  }

  /** Starts an export after checking that the actor may read every record; answers the job. */
  async start(ctx: DomainContext, sel: PackageSelection): Promise<PackageJob> {
    const id = randomUUID();
    // Access and selection errors answer the request itself, not the job.
    const described = await ctx.db.transaction((m) => describePackage(m, ctx, sel, id));
    const file = path.join(await this.workDir(), `${id}.tar`);
    const job: Job = {
      id,
      requestedBy: ctx.actor.userId,
      status: 'running',
      bytesDone: 0,
      bytesTotal: described.description.records.reduce(
        (n, r) => n + r.objects.reduce((k, o) => k + o.size, 0),
        0,
      ),
      records: described.description.records.length,
      objects: 0,
      error: null,
      startedAt: ctx.clock.now(),
      finishedAt: null,
      file,
      done: Promise.resolve(),
    };
    this.jobs.set(id, job);
    job.done = (async () => {
      const out = createWriteStream(file, { mode: 0o600 });
      try {
        const r = await exportPackage(
          ctx,
          this.store,
          sel,
          out,
          (p) => {
            job.bytesDone = p.bytesDone;
            job.bytesTotal = p.bytesTotal;
          },
          id,
        );
        out.end();
        await finished(out);
        job.objects = r.objects;
        job.status = 'finished';
        await ctx.db.transaction((m) =>
          appendAuditEvent(m, ctx, {
            type: 'ARCHIVE_PACKAGE_EXPORTED',
            unitId: ctx.actor.unitId,
            payload: { packageId: id, records: r.records, objects: r.objects, bytes: r.bytes },
          }),
        );
      } catch (e) {
        out.destroy();
        job.status = 'failed';
        job.error = (e as Error).message;
        await fs.rm(file, { force: true });
      }
      job.finishedAt = ctx.clock.now();
      setTimeout(() => void this.forget(id), this.keepMs).unref();
    })();
    return view(job);
  }

  private async forget(id: string): Promise<void> {
    const job = this.jobs.get(id);
    this.jobs.delete(id);
    if (job) await fs.rm(job.file, { force: true });
  }

  private own(ctx: DomainContext, id: string): Job {
    const job = this.jobs.get(id);
    if (!job || job.requestedBy !== ctx.actor.userId)
      throw new PackageError('PACKAGE_NOT_FOUND', {
        vi: `Không tìm thấy gói lưu trữ ${id}`,
        en: `Package ${id} not found`,
      });
    return job;
  }

  get(ctx: DomainContext, id: string): PackageJob {
    return view(this.own(ctx, id));
  }

  /** Waits for a job (tests, and the CLI). */
  async wait(ctx: DomainContext, id: string): Promise<PackageJob> {
    const job = this.own(ctx, id);
    await job.done;
    return view(job);
  }

  async download(
    ctx: DomainContext,
    id: string,
  ): Promise<{ stream: Readable; size: number; fileName: string }> {
    const job = this.own(ctx, id);
    if (job.status !== 'finished')
      throw new PackageError('PACKAGE_NOT_READY', {
        vi: 'Gói lưu trữ chưa tạo xong',
        en: 'The package is not ready',
      });
    const size = (await fs.stat(job.file)).size;
    return { stream: createReadStream(job.file), size, fileName: `VANBAN-${id}.tar` };
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    if (this.dir) await fs.rm(await this.dir, { recursive: true, force: true });
  }
}

function view(j: Job): PackageJob {
  return {
    id: j.id,
    requestedBy: j.requestedBy,
    status: j.status,
    bytesDone: j.bytesDone,
    bytesTotal: j.bytesTotal,
    records: j.records,
    objects: j.objects,
    error: j.error,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}
