import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { Actor, DomainContext, RequestMetadata, Role } from '../context';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { JobHandler } from '../exchange/job';
import { describePackage, exportPackage, type PackageSelection } from './package-export';
import './package-import';
import { PackageError } from './package-tar';

/**
 * Package exports as persistent jobs (docs/archive.md, "Archival packages"). `start` checks access, inserts
 * a row of `archive_package_exports` and enqueues a job `archive.package_export` in one transaction; the
 * export runs at once in the requesting process and, through the job, on any worker after a restart. A run
 * holds a PostgreSQL advisory lock on the export id (released by a crash with the connection), re-runs the
 * export from the start (deterministic: the package's clock is the row's created_at, so the same bytes and
 * hash come out), streams the tar into the content-addressed object store, and writes progress to the row
 * so that every replica reads it. The download streams the stored object, verified against its hash.
 */

export const PACKAGE_EXPORT_JOB = 'archive.package_export';

export type PackageExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';

export interface PackageJob {
  readonly id: string;
  readonly requestedBy: string;
  readonly state: PackageExportStatus;
  /** The status of the earlier in-memory jobs (the web page reads it): queued and running are `running`. */
  readonly status: 'running' | 'finished' | 'failed';
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  readonly objects: number;
  readonly objectsTotal: number;
  readonly packageSha256: string | null;
  readonly packageSize: number | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** When the finished package passed its retention and was deleted (state `expired`). */
  readonly expiredAt: Date | null;
}

interface Row {
  id: string;
  requested_by: string;
  unit_id: string;
  scope: Scope;
  status: PackageExportStatus;
  bytes_done: string;
  bytes_total: string;
  records: number;
  objects_done: number;
  objects_total: number;
  package_sha256: string | null;
  package_size: string | null;
  error_code: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expired_at: Date | null;
}

/** What a run needs to repeat the export as the person who asked. */
interface Scope {
  readonly selection: PackageSelection;
  readonly actor: { userId: string; username: string; unitId: string; roles: string[] };
  readonly requestMetadata: RequestMetadata;
}

const notFound = (id: string) =>
  new PackageError('PACKAGE_NOT_FOUND', {
    vi: `Không tìm thấy gói lưu trữ ${id}`,
    en: `Package ${id} not found`,
  });

export class PackageJobs {
  private readonly running = new Map<string, Promise<void>>();

  /** `runLocally: false` leaves the export to the job worker (a replica that only answers requests). */
  constructor(
    private readonly store: ObjectStore,
    private readonly opts: { readonly runLocally?: boolean } = {},
  ) {}

  /** Starts an export after checking that the actor may read every record; answers the job. */
  async start(ctx: DomainContext, sel: PackageSelection): Promise<PackageJob> {
    const id = randomUUID();
    const now = ctx.clock.now();
    const selection: PackageSelection =
      sel.fileId !== undefined ? { fileId: sel.fileId } : { recordIds: [...(sel.recordIds ?? [])] };
    const scope: Scope = {
      selection,
      actor: {
        userId: ctx.actor.userId,
        username: ctx.actor.username,
        unitId: ctx.actor.unitId,
        roles: [...ctx.actor.roles],
      },
      requestMetadata: { ...ctx.requestMetadata },
    };
    // Access and selection errors answer the request itself, not the job.
    await ctx.db.transaction(async (m) => {
      const described = await describePackage(m, ctx, selection, id);
      const records = described.description.records;
      await m.query(
        `INSERT INTO archive_package_exports
           (id, requested_by, unit_id, scope, status, bytes_total, records, objects_total, created_at)
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8)`,
        [
          id,
          ctx.actor.userId,
          ctx.actor.unitId,
          JSON.stringify(scope),
          records.reduce((n, r) => n + r.objects.reduce((k, o) => k + o.size, 0), 0),
          records.length,
          records.reduce((n, r) => n + r.objects.length, 0),
          now,
        ],
      );
      await enqueueJobs(m, [
        {
          kind: PACKAGE_EXPORT_JOB,
          payload: { exportId: id },
          runAt: now,
          dedupeKey: `${PACKAGE_EXPORT_JOB}:${id}`,
        },
      ]);
    });
    if (this.opts.runLocally !== false) {
      const run = runPackageExport(ctx.db, this.store, id)
        .catch(() => {
          // The job (and its retries) carries on; the row says what happened.
        })
        .finally(() => this.running.delete(id));
      this.running.set(id, run);
    }
    return this.get(ctx, id);
  }

  private async own(ctx: DomainContext, id: string): Promise<Row> {
    const [row] = (await ctx.db.query(
      `SELECT * FROM archive_package_exports WHERE id = $1 AND requested_by = $2`,
      [id, ctx.actor.userId],
    )) as Row[];
    if (!row) throw notFound(id);
    return row;
  }

  async get(ctx: DomainContext, id: string): Promise<PackageJob> {
    return view(await this.own(ctx, id));
  }

  /** Waits for a run started by this instance (tests, and the CLI), then reads the row. */
  async wait(ctx: DomainContext, id: string): Promise<PackageJob> {
    await this.own(ctx, id);
    await this.running.get(id);
    return this.get(ctx, id);
  }

  async download(
    ctx: DomainContext,
    id: string,
  ): Promise<{ stream: Readable; size: number; fileName: string }> {
    const row = await this.own(ctx, id);
    if (row.status === 'expired')
      throw new PackageError('PACKAGE_EXPIRED', {
        vi: `Gói lưu trữ đã hết hạn lưu giữ và đã bị xóa (hết hạn lúc ${new Date(row.expired_at!).toISOString()}); hãy xuất lại`,
        en: `The package passed its retention and was deleted (expired at ${new Date(row.expired_at!).toISOString()}); export it again`,
      });
    if (row.status !== 'done' || !row.package_sha256)
      throw new PackageError('PACKAGE_NOT_READY', {
        vi: 'Gói lưu trữ chưa tạo xong',
        en: 'The package is not ready',
      });
    // store.get re-hashes what it delivers: a changed object fails the stream.
    const stream = await this.store.get(row.package_sha256);
    return { stream, size: Number(row.package_size), fileName: `VANBAN-${id}.tar` };
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}

/**
 * Runs (or re-runs from the start) one export. Holds an advisory lock on the export id on a connection of
 * its own, so two runners (the requesting process and a worker) never write the same export at once; the
 * second one finds it done and returns. A PackageError (the selection no longer readable or exportable)
 * marks the row failed and is not retried; other errors are thrown for the job to retry.
 */
export async function runPackageExport(db: DataSource, store: ObjectStore, id: string): Promise<void> {
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    await qr.query(`SELECT pg_advisory_lock(hashtextextended($1, 7311))`, [id]);
    try {
      const [row] = (await qr.query(`SELECT * FROM archive_package_exports WHERE id = $1`, [id])) as Row[];
      if (!row || row.status === 'done' || row.status === 'failed' || row.status === 'expired') return;
      await db.query(
        `UPDATE archive_package_exports
         SET status = 'running', started_at = coalesce(started_at, now()), bytes_done = 0, objects_done = 0
         WHERE id = $1`,
        [id],
      );
      const actor: Actor = { ...row.scope.actor, roles: row.scope.actor.roles as Role[] };
      // The package carries its creation time: the row's, so that a re-run writes the same bytes.
      const created = new Date(row.created_at);
      const ctx: DomainContext = {
        db,
        actor,
        clock: { now: () => created },
        requestMetadata: row.scope.requestMetadata ?? {},
      };
      const progress = progressWriter(db, id);
      const tar = new PassThrough();
      const put = store.put(tar, { contentType: 'application/x-tar' });
      put.catch(() => {});
      let r: Awaited<ReturnType<typeof exportPackage>>;
      try {
        r = await exportPackage(ctx, store, row.scope.selection, tar, (p) => progress.set(p), id);
        tar.end();
      } catch (e) {
        tar.destroy(e as Error);
        await put.catch(() => {});
        await progress.flush();
        if (e instanceof PackageError) {
          await db.query(
            `UPDATE archive_package_exports SET status = 'failed', error_code = $2, finished_at = now()
             WHERE id = $1`,
            [id, e.code],
          );
          return;
        }
        throw e;
      }
      const stored = await put;
      await progress.flush();
      await db.transaction(async (m) => {
        await m.query(
          `UPDATE archive_package_exports
           SET status = 'done', package_sha256 = $2, package_size = $3, objects_done = $4,
               bytes_done = bytes_total, error_code = NULL, finished_at = now()
           WHERE id = $1`,
          [id, stored.sha256, stored.size, r.objects],
        );
        await appendAuditEvent(m, ctx, {
          type: 'ARCHIVE_PACKAGE_EXPORTED',
          unitId: row.unit_id,
          payload: {
            packageId: id,
            records: r.records,
            objects: r.objects,
            bytes: r.bytes,
          },
        });
      });
    } finally {
      await qr.query(`SELECT pg_advisory_unlock(hashtextextended($1, 7311))`, [id]);
    }
  } finally {
    await qr.release();
  }
}

/** Writes the latest progress to the row, one UPDATE at a time (a burst of progress is one write). */
function progressWriter(db: DataSource, id: string) {
  let latest: { bytesDone: number } | undefined;
  let writing: Promise<void> | undefined;
  const write = async (): Promise<void> => {
    while (latest) {
      const p = latest;
      latest = undefined;
      await db
        .query(`UPDATE archive_package_exports SET bytes_done = $2 WHERE id = $1 AND status = 'running'`, [
          id,
          p.bytesDone,
        ])
        .catch(() => {});
    }
    writing = undefined;
  };
  return {
    set(p: { bytesDone: number }) {
      latest = p;
      writing ??= write();
    },
    async flush() {
      await writing;
    },
  };
}

/** The job worker's handler: runs the export named by the job (from the start; idempotent). */
export function packageExportJob(deps: { readonly objects: ObjectStore }): JobHandler {
  const handler = async (m: EntityManager, job: { payload: Record<string, unknown> }) => {
    await runPackageExport(m.connection, deps.objects, String(job.payload.exportId));
  };
  return Object.assign(handler, {
    onFailed: async (m: EntityManager, job: { payload: Record<string, unknown> }) => {
      await m.query(
        `UPDATE archive_package_exports SET status = 'failed', error_code = 'PACKAGE_EXPORT_FAILED',
           finished_at = now() WHERE id = $1 AND status NOT IN ('done', 'expired')`,
        [String(job.payload.exportId)],
      );
    },
  });
}

function view(r: Row): PackageJob {
  return {
    id: r.id,
    requestedBy: r.requested_by,
    state: r.status,
    status:
      r.status === 'done'
        ? 'finished'
        : r.status === 'failed' || r.status === 'expired'
          ? 'failed'
          : 'running',
    bytesDone: Number(r.bytes_done),
    bytesTotal: Number(r.bytes_total),
    records: r.records,
    objects: r.objects_done,
    objectsTotal: r.objects_total,
    packageSha256: r.package_sha256,
    packageSize: r.package_size === null ? null : Number(r.package_size),
    error: r.status === 'expired' ? 'PACKAGE_EXPIRED' : r.error_code,
    createdAt: new Date(r.created_at),
    startedAt: new Date(r.started_at ?? r.created_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    expiredAt: r.expired_at ? new Date(r.expired_at) : null,
  };
}
