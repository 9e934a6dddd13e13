import { expect } from 'chai';
import { claimJobs } from '../../../workflows/exchange/claim-jobs';
import { enqueueJobs } from '../../../workflows/exchange/enqueue-job';
import { deadlineAfter, handlingResult } from '../../../workflows/exchange/handling-result';
import type { EntityManager } from 'typeorm';
import type { Job, JobFailure, JobHandler } from '../../../workflows/exchange/job';
import { remindDeadline } from '../../../workflows/exchange/remind-deadline';
import { backoffMs, runJob } from '../../../workflows/exchange/run-job';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';

describe('workflows/exchange deadlines', () => {
  it('counts completion on Vietnam calendar days: before the deadline early, on it on time, after it late', () => {
    expect(handlingResult('2026-03-06', new Date('2026-03-05T17:00:00Z'))).to.equal('on_time'); // 00:00 on the 6th in Vietnam
    expect(handlingResult('2026-03-06', new Date('2026-03-05T16:59:59Z'))).to.equal('early'); // 23:59:59 on the 5th
    expect(handlingResult('2026-03-06', new Date('2026-03-06T16:59:59Z'))).to.equal('on_time');
    expect(handlingResult('2026-03-06', new Date('2026-03-06T17:00:00Z'))).to.equal('late');
    expect(handlingResult(null, new Date())).to.equal('on_time');
  });

  it('adds working days, skipping Saturday and Sunday', () => {
    expect(deadlineAfter(new Date('2026-03-06T09:00:00+07:00'), 1)).to.equal('2026-03-09'); // Friday → Monday
    expect(deadlineAfter(new Date('2026-03-02T09:00:00+07:00'), 5)).to.equal('2026-03-09');
    expect(deadlineAfter(new Date('2026-03-02T09:00:00+07:00'), 0)).to.equal('2026-03-02');
  });
});

describe('workflows/exchange job runner', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  const kind = (s: string) => `test.${s}`;

  it('lets concurrent workers claim disjoint jobs (SKIP LOCKED), each job once', async () => {
    await enqueueJobs(
      t.db,
      Array.from({ length: 30 }, (_, i) => ({ kind: kind('claim'), payload: { i }, runAt: clock.now() })),
    );
    const claims = await Promise.all(
      ['w1', 'w2', 'w3'].map((workerId) =>
        claimJobs(t.db, { workerId, now: clock.now(), limit: 30, kinds: [kind('claim')] }),
      ),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(ids).to.have.length(30);
    expect(new Set(ids).size).to.equal(30);
    expect(await claimJobs(t.db, { workerId: 'w4', now: clock.now(), kinds: [kind('claim')] })).to.deep.equal(
      [],
    );
  });

  it('does not claim a job before its run_at, nor twice under dedupe key', async () => {
    const n = await enqueueJobs(t.db, [
      { kind: kind('later'), runAt: new Date(clock.now().getTime() + 60_000), dedupeKey: 'later-1' },
      { kind: kind('later'), runAt: clock.now(), dedupeKey: 'later-1' },
    ]);
    expect(n).to.equal(1);
    expect(await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('later')] })).to.have.length(
      0,
    );
    const later = new Date(clock.now().getTime() + 60_000);
    expect(await claimJobs(t.db, { workerId: 'w', now: later, kinds: [kind('later')] })).to.have.length(1);
  });

  it('commits the handler’s writes with the completion; a failure retries with back-off, then fails for good', async () => {
    await t.db.query(`CREATE TABLE IF NOT EXISTS job_effects (job_id bigint, note text)`);
    await enqueueJobs(t.db, [{ kind: kind('flaky'), runAt: clock.now(), maxAttempts: 2 }]);
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      [kind('flaky')]: async (m, job) => {
        calls++;
        await m.query(`INSERT INTO job_effects VALUES ($1, 'attempt')`, [job.id]);
        throw new Error(`object store down (${calls})`);
      },
    };
    const [job] = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('flaky')] });
    expect(await runJob(t.db, job!, handlers, { workerId: 'w', clock })).to.equal('retry');
    const row: { run_at: Date; last_error: string; attempts: number }[] = await t.db.query(
      `SELECT run_at, last_error, attempts FROM jobs WHERE id = $1`,
      [job!.id],
    );
    expect(row[0]!.run_at.getTime() - clock.now().getTime()).to.equal(backoffMs(1));
    expect(row[0]!.last_error).to.equal('object store down (1)');
    expect(await t.db.query(`SELECT * FROM job_effects`)).to.deep.equal([]);

    expect(await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('flaky')] })).to.have.length(
      0,
    );
    clock.advance(backoffMs(1));
    const [again] = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('flaky')] });
    expect(again!.attempts).to.equal(2);
    expect(await runJob(t.db, again!, handlers, { workerId: 'w', clock })).to.equal('failed');
    clock.advance(3600_000 * 2);
    expect(await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('flaky')] })).to.have.length(
      0,
    );
  });

  it('fails a job at once on a permanent error and records why in the failure’s transaction (onFailed)', async () => {
    await t.db.query(
      `CREATE TABLE IF NOT EXISTS job_failures (job_id bigint, attempts int, permanent boolean)`,
    );
    await enqueueJobs(t.db, [
      { kind: kind('refused'), payload: { permanent: true }, runAt: clock.now() },
      { kind: kind('refused'), payload: { permanent: false }, runAt: clock.now() },
    ]);
    const handler: JobHandler = Object.assign(
      async (_m: unknown, job: { payload: Record<string, unknown> }) => {
        throw Object.assign(new Error('the peer refused the package (422 EDXML_MALFORMED)'), {
          permanent: job.payload.permanent === true,
        });
      },
      {
        onFailed: async (m: EntityManager, job: Job, failure: JobFailure) => {
          await m.query(`INSERT INTO job_failures VALUES ($1, $2, $3)`, [
            job.id,
            failure.attempts,
            failure.permanent,
          ]);
        },
      },
    );
    const jobs = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [kind('refused')] });
    const outcomes = [];
    for (const j of jobs)
      outcomes.push(await runJob(t.db, j, { [kind('refused')]: handler }, { workerId: 'w', clock }));
    expect(outcomes).to.deep.equal(['failed', 'retry']); // max_attempts 10: only the permanent one gave up
    const rows: { permanent: boolean; attempts: number; failed: boolean; last_error: string }[] =
      await t.db.query(
        `SELECT (payload ->> 'permanent')::boolean AS permanent, attempts, failed_at IS NOT NULL AS failed, last_error
       FROM jobs WHERE kind = $1 ORDER BY id`,
        [kind('refused')],
      );
    expect(rows.map((r) => [r.permanent, r.attempts, r.failed])).to.deep.equal([
      [true, 1, true],
      [false, 1, false],
    ]);
    expect(rows[0]!.last_error).to.equal('the peer refused the package (422 EDXML_MALFORMED)');
    expect(
      await t.db.query(`SELECT job_id::text AS id, attempts, permanent FROM job_failures`),
    ).to.deep.equal([{ id: jobs[0]!.id, attempts: 1, permanent: true }]);
  });

  it('takes over the job of a worker that died after its claim expired; the dead worker cannot complete it', async () => {
    await enqueueJobs(t.db, [{ kind: kind('orphan'), runAt: clock.now() }]);
    const [mine] = await claimJobs(t.db, {
      workerId: 'dead',
      now: clock.now(),
      lockMs: 30_000,
      kinds: [kind('orphan')],
    });
    expect(
      await claimJobs(t.db, { workerId: 'alive', now: clock.now(), kinds: [kind('orphan')] }),
    ).to.have.length(0);
    clock.advance(30_000);
    const [taken] = await claimJobs(t.db, { workerId: 'alive', now: clock.now(), kinds: [kind('orphan')] });
    expect(taken!.id).to.equal(mine!.id);
    const effects: string[] = [];
    const handlers: Record<string, JobHandler> = {
      [kind('orphan')]: async (_m, job) => {
        effects.push(job.lockedBy ?? '');
      },
    };
    expect(await runJob(t.db, mine!, handlers, { workerId: 'dead', clock })).to.equal('lost');
    expect(await runJob(t.db, taken!, handlers, { workerId: 'alive', clock })).to.equal('done');
    const row: { done_at: Date | null }[] = await t.db.query(`SELECT done_at FROM jobs WHERE id = $1`, [
      taken!.id,
    ]);
    expect(row[0]!.done_at).to.not.equal(null);
  });

  it('a deadline reminder for a document still in progress writes an audit event; a completed one is skipped', async () => {
    const unit: { id: string }[] = await t.db.query(
      `INSERT INTO units (code, name, level, valid_from, search_text) VALUES ('000.00.00.H95', 'UBND tỉnh Nhắc', 'province', '2020-01-01', 'x') RETURNING id`,
    );
    const insertIncoming = async (status: string) =>
      (
        (await t.db.query(
          `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code, external_document_id,
             document_type, notation, subject, urgency, pdf_sha256, status_code, received_at, deadline)
           VALUES ($1, $1, '000.00.00.G12', gen_random_uuid()::text, 'Công văn', '1/BNV', 'x', 'normal', repeat('a', 64), $2, now(), '2026-03-06')
           RETURNING id`,
          [unit[0]!.id, status],
        )) as { id: string }[]
      )[0]!.id;
    const open = await insertIncoming('05');
    const closed = await insertIncoming('06');
    await enqueueJobs(t.db, [
      {
        kind: 'incoming.deadline_reminder',
        payload: { incomingId: open, deadline: '2026-03-06' },
        runAt: clock.now(),
      },
      {
        kind: 'incoming.deadline_reminder',
        payload: { incomingId: closed, deadline: '2026-03-06' },
        runAt: clock.now(),
      },
    ]);
    const jobs = await claimJobs(t.db, {
      workerId: 'r',
      now: clock.now(),
      kinds: ['incoming.deadline_reminder'],
    });
    for (const j of jobs) {
      expect(
        await runJob(t.db, j, { 'incoming.deadline_reminder': remindDeadline }, { workerId: 'r', clock }),
      ).to.equal('done');
    }
    const events: { payload: { incomingId: string } }[] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'INCOMING_DEADLINE_REMINDER'`,
    );
    expect(events.map((e) => e.payload.incomingId)).to.deep.equal([open]);
  });
});
