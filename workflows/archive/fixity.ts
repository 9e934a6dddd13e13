import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { ObjectStoreError } from '../../storage/objects/object-store-error';
import { appendAuditEvent } from '../audit/append-audit-event';
import { systemClock, type Actor, type Clock } from '../context';
import { recordDamage, repairFromReplica } from './archival-objects';
import { overseenUnitIds } from './overseen-units';

/**
 * Fixity (issue 11 item 5): re-hashes every archival object, streamed and rate-limited, in id order,
 * recording every run (started, progress with a watermark, finished or crashed) and every result as a
 * `fixity_events` row; run starts, finishes, crashes and every failure also go to the audit trail.
 *
 * One checker at a time: a run holds a PostgreSQL session advisory lock for its whole life. A 'running'
 * row found by whoever takes the lock therefore belongs to a checker that died: it is marked 'crashed'
 * (event run-crashed) — a run without its finish is never shown as clean — and the new run resumes from
 * its watermark. Readers that see a 'running' row whose heartbeat is old report it as incomplete.
 */

/** "VBFIXITY" as an int8: the session advisory lock of the checker. */
export const FIXITY_LOCK = '6215437592853321817';

export interface FixityOptions {
  /** Read rate limit; 0 or absent = unlimited. */
  readonly bytesPerSecond?: number;
  /** Objects per progress commit (default 100). */
  readonly batchSize?: number;
  readonly clock?: Clock;
  /** Stops the run between objects (it is then recorded as crashed/incomplete and resumed later). */
  readonly signal?: AbortSignal;
  /** Test hook: called after each object; throwing simulates a checker dying mid-run. */
  readonly afterObject?: (checked: number) => void | Promise<void>;
}

export interface FixityRunSummary {
  readonly runId: string;
  readonly status: 'finished' | 'crashed' | 'skipped';
  readonly resumedFrom: string | null;
  readonly objectsTotal: number;
  readonly objectsChecked: number;
  readonly bytesChecked: number;
  readonly failures: number;
}

declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    FIXITY_RUN_STARTED: { runId: string; resumedFrom: string | null; objectsTotal: number };
    FIXITY_RUN_FINISHED: {
      runId: string;
      objectsChecked: number;
      bytesChecked: number;
      failures: number;
      failedObjectIds: string[];
    };
    FIXITY_RUN_CRASHED: { runId: string; watermark: string | null; error: string; detectedBy: string };
  }
}

interface ObjectRow {
  id: string;
  record_id: string;
  sha256: string;
  size: string;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Runs one fixity pass (or the rest of a crashed one). Returns `skipped` when another checker runs. */
export async function runFixityCheck(
  db: DataSource,
  store: ObjectStore,
  options: FixityOptions = {},
): Promise<FixityRunSummary> {
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 100;
  const source = { actor: null, clock };
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [
      FIXITY_LOCK,
    ])) as { locked: boolean }[];
    if (!locked) {
      return {
        runId: '',
        status: 'skipped',
        resumedFrom: null,
        objectsTotal: 0,
        objectsChecked: 0,
        bytesChecked: 0,
        failures: 0,
      };
    }
    try {
      return await runLocked(db, store, options, clock, batchSize, source);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [FIXITY_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

async function runLocked(
  db: DataSource,
  store: ObjectStore,
  options: FixityOptions,
  clock: Clock,
  batchSize: number,
  source: { actor: null; clock: Clock },
): Promise<FixityRunSummary> {
  // Start: crashed predecessors are marked, the newest one (if it is the latest run) is resumed.
  const start = await db.transaction(async (m) => {
    const now = clock.now();
    const dead: { id: string; watermark: string | null }[] = await m.query(
      `WITH dead AS (
         UPDATE fixity_runs SET status = 'crashed', finished_at = NULL,
                error = coalesce(error, 'the checker stopped without finishing (process ended)')
         WHERE status = 'running' RETURNING id, watermark
       ) SELECT id, watermark FROM dead`,
    );
    for (const d of dead) {
      await event(
        m,
        d.id,
        null,
        null,
        'run-crashed',
        { watermark: d.watermark, detectedBy: 'next-run' },
        now,
      );
      await appendAuditEvent(m, source, {
        type: 'FIXITY_RUN_CRASHED',
        payload: {
          runId: d.id,
          watermark: d.watermark,
          error: 'the checker stopped without finishing',
          detectedBy: 'next-run',
        },
        unitId: null,
      });
    }
    const [latest] = (await m.query(
      `SELECT id, status, watermark FROM fixity_runs ORDER BY started_at DESC, id DESC LIMIT 1`,
    )) as { id: string; status: string; watermark: string | null }[];
    const resume = latest && latest.status === 'crashed' ? latest : null;
    const [{ total }] = (await m.query(`SELECT count(*)::int AS total FROM archival_objects`)) as {
      total: number;
    }[];
    const [run] = (await m.query(
      `INSERT INTO fixity_runs (started_at, heartbeat_at, status, watermark, objects_total, objects_checked,
                                bytes_checked, failures, resumed_from)
       VALUES ($1, $1, 'running', $2, $3, 0, 0, 0, $4) RETURNING id`,
      [now, resume?.watermark ?? null, total, resume?.id ?? null],
    )) as { id: string }[];
    await event(m, run!.id, null, null, 'run-started', { resumedFrom: resume?.id ?? null, total }, now);
    await appendAuditEvent(m, source, {
      type: 'FIXITY_RUN_STARTED',
      payload: { runId: run!.id, resumedFrom: resume?.id ?? null, objectsTotal: total },
      unitId: null,
    });
    return { runId: run!.id, watermark: resume?.watermark ?? null, resumedFrom: resume?.id ?? null, total };
  });

  const limiter = new RateLimiter(options.bytesPerSecond ?? 0);
  let watermark = start.watermark ?? ZERO_UUID;
  let checked = 0;
  let bytes = 0;
  const failed: string[] = [];
  try {
    for (;;) {
      const rows: ObjectRow[] = await db.query(
        `SELECT id, record_id, sha256, size FROM archival_objects WHERE id > $1 ORDER BY id LIMIT $2`,
        [watermark, batchSize],
      );
      if (rows.length === 0) break;
      const results: { row: ObjectRow; result: 'ok' | 'mismatch' | 'missing'; size: number }[] = [];
      for (const row of rows) {
        if (options.signal?.aborted) throw new Error('fixity check stopped (shutdown)');
        const outcome = await checkOne(store, row, limiter);
        bytes += outcome.size;
        checked++;
        if (outcome.result !== 'ok') {
          failed.push(row.id);
          const repaired = await repairFromReplica(store, row.sha256, Math.max(Number(row.size), 1));
          await recordDamage(db.manager, row, outcome.result, 'fixity', repaired, start.runId);
        } else {
          results.push({ row, result: 'ok', size: outcome.size });
        }
        watermark = row.id;
        await options.afterObject?.(checked);
      }
      await db.transaction(async (m) => {
        const now = clock.now();
        if (results.length) {
          await m.query(
            `UPDATE archival_objects SET last_checked_at = $2, last_check_result = 'ok' WHERE id = ANY($1::uuid[])`,
            [results.map((r) => r.row.id), now],
          );
          await m.query(
            `INSERT INTO fixity_events (run_id, object_id, sha256, event, detail, occurred_at)
             SELECT $1, o.id, o.sha256, 'ok', jsonb_build_object('size', o.size), $3
             FROM archival_objects o WHERE o.id = ANY($2::uuid[])`,
            [start.runId, results.map((r) => r.row.id), now],
          );
        }
        await m.query(
          `UPDATE fixity_runs SET watermark = $2, objects_checked = $3, bytes_checked = $4, failures = $5,
                  heartbeat_at = $6 WHERE id = $1`,
          [start.runId, watermark, checked, bytes, failed.length, now],
        );
        await event(m, start.runId, null, null, 'run-progress', { watermark, checked, bytes }, now);
      });
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db
      .transaction(async (m) => {
        const now = clock.now();
        await m.query(
          `UPDATE fixity_runs SET status = 'crashed', error = $2, heartbeat_at = $3 WHERE id = $1`,
          [start.runId, message.slice(0, 500), now],
        );
        await event(
          m,
          start.runId,
          null,
          null,
          'run-crashed',
          { watermark, error: message.slice(0, 500) },
          now,
        );
        await appendAuditEvent(m, source, {
          type: 'FIXITY_RUN_CRASHED',
          payload: { runId: start.runId, watermark, error: message.slice(0, 500), detectedBy: 'self' },
          unitId: null,
        });
      })
      .catch(() => undefined); // the next run marks it crashed anyway
    throw e;
  }
  await db.transaction(async (m) => {
    const now = clock.now();
    await m.query(
      `UPDATE fixity_runs SET status = 'finished', finished_at = $2, heartbeat_at = $2, watermark = NULL,
              objects_checked = $3, bytes_checked = $4, failures = $5 WHERE id = $1`,
      [start.runId, now, checked, bytes, failed.length],
    );
    await event(m, start.runId, null, null, 'run-finished', { checked, bytes, failures: failed.length }, now);
    await appendAuditEvent(m, source, {
      type: 'FIXITY_RUN_FINISHED',
      payload: {
        runId: start.runId,
        objectsChecked: checked,
        bytesChecked: bytes,
        failures: failed.length,
        failedObjectIds: failed.slice(0, 100),
      },
      unitId: null,
    });
  });
  return {
    runId: start.runId,
    status: 'finished',
    resumedFrom: start.resumedFrom,
    objectsTotal: start.total,
    objectsChecked: checked,
    bytesChecked: bytes,
    failures: failed.length,
  };
}

/** Streams one object through SHA-256 (the store's verifying stream also checks it), rate-limited. */
async function checkOne(
  store: ObjectStore,
  row: ObjectRow,
  limiter: RateLimiter,
): Promise<{ result: 'ok' | 'mismatch' | 'missing'; size: number }> {
  let stream: Readable;
  try {
    stream = await store.get(row.sha256);
  } catch (e) {
    if (e instanceof ObjectStoreError && e.code === 'OBJECT_NOT_FOUND') return { result: 'missing', size: 0 };
    throw e;
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      hash.update(b);
      size += b.length;
      await limiter.take(b.length);
    }
  } catch (e) {
    if (e instanceof ObjectStoreError && e.code === 'OBJECT_CORRUPT') return { result: 'mismatch', size };
    throw e;
  }
  const ok = hash.digest('hex') === row.sha256 && size === Number(row.size);
  return { result: ok ? 'ok' : 'mismatch', size };
}

async function event(
  m: EntityManager,
  runId: string | null,
  objectId: string | null,
  sha256: string | null,
  kind: string,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await m.query(
    `INSERT INTO fixity_events (run_id, object_id, sha256, event, detail, occurred_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [runId, objectId, sha256, kind, JSON.stringify(detail), at],
  );
}

/** A token bucket over wall time (not the domain clock): at most `bytesPerSecond` on average. */
export class RateLimiter {
  private readonly startedAt = performance.now();
  private taken = 0;
  constructor(private readonly bytesPerSecond: number) {}

  async take(n: number): Promise<void> {
    if (!(this.bytesPerSecond > 0)) return;
    this.taken += n;
    const due = (this.taken / this.bytesPerSecond) * 1000;
    const ahead = due - (performance.now() - this.startedAt);
    if (ahead > 5) await new Promise((r) => setTimeout(r, ahead));
  }
}

export interface FixityCoverage {
  readonly days: number;
  /** `province`: every archival object; `units`: those of the caller's unit and the units below it. */
  readonly scope: 'province' | 'units';
  readonly totalObjects: number;
  readonly totalBytes: number;
  readonly checkedWithinDays: number;
  readonly neverChecked: number;
  /** Objects whose last check found them damaged (and not repaired since). */
  readonly failing: number;
  readonly lastFailures: Array<{
    objectId: string | null;
    recordId: string | null;
    sha256: string | null;
    event: 'mismatch' | 'missing' | 'read-refused';
    repaired: boolean;
    occurredAt: string;
    runId: string | null;
  }>;
  readonly runs: Array<{
    id: string;
    startedAt: string;
    finishedAt: string | null;
    /** 'running' only while its heartbeat is fresh; a run without its finish is otherwise 'incomplete'. */
    status: 'running' | 'finished' | 'crashed' | 'incomplete';
    objectsTotal: number;
    objectsChecked: number;
    bytesChecked: number;
    failures: number;
    resumedFrom: string | null;
    error: string | null;
  }>;
}

/** A run still 'running' whose heartbeat is older than this is shown as incomplete. */
export const FIXITY_STALE_MS = 15 * 60_000;

/** Coverage for the fixity page and API: objects checked in the last `days`, last failures, runs. */
export async function getFixityCoverage(
  db: DataSource | EntityManager,
  days: number,
  clock: Clock = systemClock,
  scope: { readonly unitIds: readonly string[] | null } = { unitIds: null },
): Promise<FixityCoverage> {
  const now = clock.now();
  const since = new Date(now.getTime() - days * 86_400_000);
  const units = scope.unitIds === null ? null : [...scope.unitIds];
  // Scoped: the objects of the units' archival records (an object is counted once, even when two records
  // of the scope share its bytes: it is one row per record, as for the whole province).
  const [counts] = (await db.query(
    `SELECT count(*)::int AS total, coalesce(sum(o.size), 0)::bigint AS bytes,
            count(*) FILTER (WHERE o.last_checked_at >= $1)::int AS recent,
            count(*) FILTER (WHERE o.last_checked_at IS NULL)::int AS never,
            count(*) FILTER (WHERE o.last_check_result IN ('mismatch', 'missing'))::int AS failing
     FROM archival_objects o
     WHERE $2::uuid[] IS NULL
        OR EXISTS (SELECT 1 FROM archival_records r WHERE r.id = o.record_id AND r.unit_id = ANY($2::uuid[]))`,
    [since, units],
  )) as { total: number; bytes: string; recent: number; never: number; failing: number }[];
  const failures: {
    object_id: string | null;
    record_id: string | null;
    sha256: string | null;
    event: 'mismatch' | 'missing' | 'read-refused';
    detail: { repaired?: boolean };
    occurred_at: Date;
    run_id: string | null;
  }[] = await db.query(
    `SELECT e.object_id, o.record_id, e.sha256, e.event, e.detail, e.occurred_at, e.run_id
     FROM fixity_events e LEFT JOIN archival_objects o ON o.id = e.object_id
     WHERE e.event IN ('mismatch', 'missing', 'read-refused')
       AND ($1::uuid[] IS NULL
            OR EXISTS (SELECT 1 FROM archival_records r WHERE r.id = o.record_id AND r.unit_id = ANY($1::uuid[])))
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT 20`,
    [units],
  );
  const runs: {
    id: string;
    started_at: Date;
    heartbeat_at: Date;
    finished_at: Date | null;
    status: 'running' | 'finished' | 'crashed';
    objects_total: number;
    objects_checked: number;
    bytes_checked: string;
    failures: number;
    resumed_from: string | null;
    error: string | null;
  }[] = await db.query(`SELECT * FROM fixity_runs ORDER BY started_at DESC, id DESC LIMIT 10`);
  return {
    days,
    scope: units === null ? 'province' : 'units',
    totalObjects: counts!.total,
    totalBytes: Number(counts!.bytes),
    checkedWithinDays: counts!.recent,
    neverChecked: counts!.never,
    failing: counts!.failing,
    lastFailures: failures.map((f) => ({
      objectId: f.object_id,
      recordId: f.record_id,
      sha256: f.sha256,
      event: f.event,
      repaired: f.detail?.repaired === true,
      occurredAt: new Date(f.occurred_at).toISOString(),
      runId: f.run_id,
    })),
    runs: runs.map((r) => ({
      id: r.id,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      status:
        r.status === 'running' && now.getTime() - new Date(r.heartbeat_at).getTime() > FIXITY_STALE_MS
          ? 'incomplete'
          : r.status,
      objectsTotal: r.objects_total,
      objectsChecked: r.objects_checked,
      bytesChecked: Number(r.bytes_checked),
      failures: r.failures,
      resumedFrom: r.resumed_from,
      error: r.error,
    })),
  };
}

/**
 * The fixity coverage a person may see (GET /api/archive/fixity): an admin, and anyone of the province's
 * top unit (the province archive: isSameUnitOrAncestor's rule), see every archival object; an archivist or
 * auditor of another unit sees the objects of the archival records of their unit and the units below it,
 * and only the failures of those. The runs of the checker are the province's (one checker for all).
 */
export async function getFixityCoverageFor(
  ctx: { readonly db: DataSource; readonly actor: Actor; readonly clock: Clock },
  days: number,
): Promise<FixityCoverage> {
  const unitIds = ctx.actor.roles.includes('admin') ? null : await overseenUnitIds(ctx.db, ctx.actor.unitId);
  return getFixityCoverage(ctx.db, days, ctx.clock, { unitIds });
}
