import { expect } from 'chai';
import pino from 'pino';
import { DEFAULT_JOB_LEASE_MS, startJobWorker, type JobWorker } from '../../../server/jobs/job-worker';
import { loadConfig } from '../../../server/config';
import { claimJobs } from '../../../workflows/exchange/claim-jobs';
import { enqueueJobs } from '../../../workflows/exchange/enqueue-job';
import type { JobHandler } from '../../../workflows/exchange/job';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../../workflows/fixtures';

/**
 * Issue 10 item 17: a claim is a short lease renewed by a heartbeat. The jobs of a replica that died
 * (claimed, never renewed) are taken by another replica once the lease lapses — 30 s by default, not
 * 5 minutes — while a live replica's long job is never taken from it.
 */
describe('server/jobs job leases', () => {
  const t = useTestDatabase();
  const T0 = new Date('2026-11-02T08:00:00Z');
  const clock = new FixedClock(T0);
  const logger = pino({ level: 'silent' });
  const ran: string[] = [];
  const workers: JobWorker[] = [];

  const worker = (workerId: string, handlers: Record<string, JobHandler>, lockMs?: number): JobWorker => {
    // The timer heartbeat is left out (an hour): leases are renewed here only where the test says so.
    const w = startJobWorker({
      db: t.db,
      clock,
      logger,
      poll: false,
      workerId,
      handlers,
      lockMs,
      heartbeatMs: 3_600_000,
    });
    workers.push(w);
    return w;
  };
  const record: JobHandler = async (_m, job) => {
    ran.push(`${job.kind}#${job.id}`);
  };
  const holder = async (id: string) =>
    (
      (await t.db.query(`SELECT locked_by, done_at FROM jobs WHERE id = $1`, [id])) as {
        locked_by: string | null;
        done_at: Date | null;
      }[]
    )[0]!;

  beforeEach(async () => {
    ran.length = 0;
    clock.set(T0);
    await t.db.query(`DELETE FROM jobs WHERE kind LIKE 'lease.%'`);
  });
  after(async () => {
    for (const w of workers) await w.stop();
  });

  it('a dead replica’s job is taken by another once the default 30 s lease lapses, not after 5 minutes', async () => {
    await enqueueJobs(t.db, [{ kind: 'lease.a', runAt: T0 }]);
    // The dead replica: it claimed the job with the worker's default lease and then vanished.
    const [job] = await claimJobs(t.db, {
      workerId: 'dead',
      now: T0,
      lockMs: DEFAULT_JOB_LEASE_MS,
      kinds: ['lease.a'],
    });
    expect(DEFAULT_JOB_LEASE_MS).to.equal(30_000);
    const alive = worker('alive', { 'lease.a': record });

    clock.set(new Date(T0.getTime() + DEFAULT_JOB_LEASE_MS - 1));
    expect(await alive.runDue()).to.deep.equal([]);
    expect(ran).to.deep.equal([]);

    clock.set(new Date(T0.getTime() + DEFAULT_JOB_LEASE_MS));
    expect(await alive.runDue()).to.deep.equal(['done']);
    expect(ran).to.deep.equal([`lease.a#${job!.id}`]);
  });

  it('a live replica renews the lease of its long job, so no other replica takes it meanwhile', async () => {
    await enqueueJobs(t.db, [{ kind: 'lease.b', runAt: T0 }]);
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const gate = new Promise<void>((r) => (release = r));
    const slow: JobHandler = async (m, job, now) => {
      started();
      await gate;
      await record(m, job, now);
    };
    const first = worker('first', { 'lease.b': slow }, 10_000);
    const other = worker('other', { 'lease.b': record }, 10_000);
    const firstRun = first.runDue();
    await running;
    const id = ((await t.db.query(`SELECT id FROM jobs WHERE kind = 'lease.b'`)) as { id: string }[])[0]!.id;

    // Two heartbeats, each before the lease lapses; the other replica looks after each original expiry.
    for (let i = 1; i <= 2; i++) {
      clock.advance(8_000);
      expect(await first.renewClaims()).to.equal(1);
      clock.advance(8_000);
      expect(await other.runDue()).to.deep.equal([]);
    }
    release();
    expect(await firstRun).to.deep.equal(['done']);
    expect(ran).to.deep.equal([`lease.b#${id}`]);
    expect((await holder(id)).done_at).to.not.equal(null);
    expect(await first.renewClaims()).to.equal(0); // nothing in hand any more
  });

  it('a replica whose lease lapsed and was taken over loses the job at completion (its writes roll back)', async () => {
    await enqueueJobs(t.db, [{ kind: 'lease.c', runAt: T0 }]);
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const gate = new Promise<void>((r) => (release = r));
    const stalled: JobHandler = async (m, job) => {
      started();
      await gate;
      await m.query(`INSERT INTO jobs (kind, payload, run_at) VALUES ('lease.side', '{}', now())`);
      ran.push(`stalled#${job.id}`);
    };
    const first = worker('stalled', { 'lease.c': stalled }, 10_000);
    const other = worker('taker', { 'lease.c': record }, 10_000);
    const firstRun = first.runDue();
    await running;
    clock.advance(10_000); // no heartbeat got through (e.g. the replica's database link was cut)
    expect(await other.runDue()).to.deep.equal(['done']);
    release();
    expect(await firstRun).to.deep.equal(['lost']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'lease.side'`))[0].n).to.equal(
      0,
    );
  });

  it('JOB_LEASE_SECONDS sets the lease (30 by default; 3 to 3600)', () => {
    expect(loadConfig({}, '/srv').jobLeaseSeconds).to.equal(30);
    expect(loadConfig({ JOB_LEASE_SECONDS: '10' }, '/srv').jobLeaseSeconds).to.equal(10);
    expect(() => loadConfig({ JOB_LEASE_SECONDS: '1' }, '/srv')).to.throw(/JOB_LEASE_SECONDS/);
  });
});
