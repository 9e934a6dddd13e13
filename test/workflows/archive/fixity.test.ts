import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { configureArchiveStorage, storeArchivalObject } from '../../../workflows/archive/archival-objects';
import { FIXITY_STALE_MS, getFixityCoverage, runFixityCheck } from '../../../workflows/archive/fixity';
import { systemClock } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock, insertActor, insertUnit } from '../fixtures';

describe('workflows/archive fixity', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-12-07T02:00:00Z'));
  let dir: string;
  let store: LocalObjectStore;
  let admin: string;
  const ids: { id: string; sha256: string }[] = [];
  const originals = new Map<string, Buffer>();

  const dataPath = (sha: string) => path.join(dir, 'objects', sha.slice(0, 2), sha.slice(2, 4), sha);
  const flipByte = async (sha: string) => {
    await fs.chmod(dataPath(sha), 0o644);
    const bytes = await fs.readFile(dataPath(sha));
    bytes[bytes.length - 1] ^= 0x20;
    await fs.writeFile(dataPath(sha), bytes);
  };
  const events = async (runId: string) =>
    (
      (await t.db.query(`SELECT event FROM fixity_events WHERE run_id = $1 ORDER BY id`, [runId])) as {
        event: string;
      }[]
    ).map((e) => e.event);

  /** Each run starts a minute after the previous one (runs are ordered by their start). */
  const check = (o: Omit<Parameters<typeof runFixityCheck>[2] & object, 'clock'>) => {
    clock.advance(60_000);
    return runFixityCheck(t.db, store, { ...o, clock });
  };

  before(async () => {
    const unitId = await insertUnit(t.db, {
      code: '000.00.82.H01',
      name: 'Trung tâm Lưu trữ lịch sử',
      level: 'province',
    });
    admin = (await insertActor(t.db, unitId, 'f.admin', ['admin'])).userId;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-fixity-'));
    store = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
    configureArchiveStorage({ clock, replica: undefined });
    for (let i = 0; i < 7; i++) {
      const bytes = Buffer.concat([Buffer.from(`%PDF-1.7 Hồ sơ ${i} `), randomBytes(40_000 + i)]);
      const stored = await t.db.transaction((m) =>
        storeArchivalObject(m, store, {
          recordId: randomUUID(),
          kind: i % 2 ? 'attachment' : 'pdf-revision',
          bytes,
          mediaType: 'application/pdf',
          retainUntil: new Date('2040-01-01T00:00:00Z'),
        }),
      );
      ids.push({ id: stored.id, sha256: stored.sha256 });
      originals.set(stored.sha256, bytes);
    }
    ids.sort((a, b) => (a.id < b.id ? -1 : 1));
  });

  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('re-hashes every object in a recorded run: started, progress, one ok event per object, finished; coverage counts them', async () => {
    const before = await getFixityCoverage(t.db, 30, clock);
    expect(before).to.include({ totalObjects: 7, checkedWithinDays: 0, neverChecked: 7, failing: 0 });

    const run = await check({ batchSize: 3, bytesPerSecond: 50 * 1024 * 1024 });
    expect(run).to.include({
      status: 'finished',
      objectsTotal: 7,
      objectsChecked: 7,
      failures: 0,
      resumedFrom: null,
    });
    expect(run.bytesChecked).to.be.greaterThan(7 * 40_000);
    expect(await events(run.runId)).to.deep.equal([
      'run-started',
      'ok',
      'ok',
      'ok',
      'run-progress',
      'ok',
      'ok',
      'ok',
      'run-progress',
      'ok',
      'run-progress',
      'run-finished',
    ]);
    const audit = await t.db.query(
      `SELECT type FROM audit_events WHERE payload->>'runId' = $1 ORDER BY seq`,
      [run.runId],
    );
    expect(audit.map((a: { type: string }) => a.type)).to.deep.equal([
      'FIXITY_RUN_STARTED',
      'FIXITY_RUN_FINISHED',
    ]);

    const after = await getFixityCoverage(t.db, 30, clock);
    expect(after).to.include({ totalObjects: 7, checkedWithinDays: 7, neverChecked: 0, failing: 0 });
    expect(after.runs[0]).to.include({ id: run.runId, status: 'finished', objectsChecked: 7, failures: 0 });
    clock.advance(31 * 86_400_000);
    expect((await getFixityCoverage(t.db, 30, clock)).checkedWithinDays).to.equal(0);
  });

  it('finds a changed and a missing object: events, audit, an alert to admins and archivists, the failures on the coverage', async () => {
    const [changed, , missing] = ids;
    await flipByte(changed!.sha256);
    await fs.rm(dataPath(missing!.sha256));
    const run = await check({});
    expect(run).to.include({ status: 'finished', objectsChecked: 7, failures: 2 });
    const results = await t.db.query(
      `SELECT object_id, event FROM fixity_events WHERE run_id = $1 AND event IN ('mismatch', 'missing')`,
      [run.runId],
    );
    expect(results).to.have.deep.members([
      { object_id: changed!.id, event: 'mismatch' },
      { object_id: missing!.id, event: 'missing' },
    ]);
    const audit = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'ARCHIVE_OBJECT_CORRUPT' AND payload->>'via' = 'fixity'`,
    );
    expect(audit.map((a: { payload: { objectId: string } }) => a.payload.objectId)).to.have.members([
      changed!.id,
      missing!.id,
    ]);
    const alerts = await t.db.query(
      `SELECT subject_vi FROM notifications WHERE kind = 'archive.fixity_failure' AND user_id = $1`,
      [admin],
    );
    expect(alerts).to.have.length(2);
    const finished = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'FIXITY_RUN_FINISHED' AND payload->>'runId' = $1`,
      [run.runId],
    );
    expect(finished[0].payload.failedObjectIds).to.have.members([changed!.id, missing!.id]);

    const coverage = await getFixityCoverage(t.db, 30, clock);
    expect(coverage.failing).to.equal(2);
    expect(coverage.lastFailures.slice(0, 2).map((f) => f.objectId)).to.have.members([
      changed!.id,
      missing!.id,
    ]);
  });

  it('repairs from the replica when one is configured, and records the repair', async () => {
    const [changed, , missing] = ids;
    const replica = await LocalObjectStore.open({ root: path.join(dir, 'replica'), clock });
    // The replica holds good copies (as a bucket replication target would).
    for (const o of [changed!, missing!]) await replica.put(originals.get(o.sha256)!);
    configureArchiveStorage({ replica });
    try {
      const run = await check({});
      expect(run.failures).to.equal(2);
      const repaired = await t.db.query(
        `SELECT object_id FROM fixity_events WHERE run_id = $1 AND event = 'repaired'`,
        [run.runId],
      );
      expect(repaired.map((r: { object_id: string }) => r.object_id)).to.have.members([
        changed!.id,
        missing!.id,
      ]);
      const third = await check({});
      expect(third).to.include({ failures: 0, objectsChecked: 7 });
      expect(await store.getBuffer(missing!.sha256)).to.deep.equal(originals.get(missing!.sha256));
      expect((await getFixityCoverage(t.db, 30, clock)).failing).to.equal(0);
    } finally {
      configureArchiveStorage({ replica: undefined });
      await replica.close();
    }
  });

  it('never shows a run that died as clean: it is incomplete while its heartbeat is stale, crashed for the next run, which resumes from its watermark', async () => {
    // A checker dies after 3 objects (the hook throws as the process would vanish).
    let error: unknown;
    try {
      await check({
        batchSize: 3,
        afterObject: (n) => {
          if (n === 4) throw new Error('killed');
        },
      });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain('killed');
    let coverage = await getFixityCoverage(t.db, 30, clock);
    expect(coverage.runs[0]).to.include({ status: 'crashed', objectsChecked: 3 });

    // A process killed outright leaves its row 'running' with no finish: shown incomplete once stale …
    clock.advance(60_000);
    const [dead] = await t.db.query(
      `INSERT INTO fixity_runs (started_at, heartbeat_at, status, watermark, objects_total, objects_checked,
                                bytes_checked, failures)
       VALUES ($1, $1, 'running', $2, 7, 5, 0, 0) RETURNING id`,
      [clock.now(), ids[4]!.id],
    );
    expect((await getFixityCoverage(t.db, 30, clock)).runs[0]).to.include({ id: dead.id, status: 'running' });
    clock.advance(FIXITY_STALE_MS + 1000);
    expect((await getFixityCoverage(t.db, 30, clock)).runs[0]).to.include({
      id: dead.id,
      status: 'incomplete',
    });

    // … and marked crashed by the next run, which checks only the objects after its watermark.
    const next = await check({});
    expect(next).to.include({ status: 'finished', resumedFrom: dead.id, objectsChecked: 2 });
    expect(await events(dead.id)).to.deep.equal(['run-crashed']);
    coverage = await getFixityCoverage(t.db, 30, clock);
    expect(coverage.runs.map((r) => r.status).slice(0, 3)).to.deep.equal(['finished', 'crashed', 'crashed']);
    const crashed = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'FIXITY_RUN_CRASHED' AND payload->>'runId' = $1`,
      [dead.id],
    );
    expect(crashed[0].payload.detectedBy).to.equal('next-run');
  });

  it('resumes after the checker process is killed (SIGKILL) mid-run: the dead run is crashed, the rest is checked once', async () => {
    clock.advance(60_000);
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register',
        path.join(__dirname, 'fixity-child.ts'),
        t.url,
        path.join(dir, 'objects'),
        clock.now().toISOString(),
      ],
      { env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (/checked 3\n/.test(out)) resolve();
        if (out.includes('finished')) reject(new Error('the child finished before it was killed'));
      });
      void exited.then(() => reject(new Error(`the child exited: ${out}`)));
    });
    child.kill('SIGKILL');
    await exited;
    const [dead] = await t.db.query(
      `SELECT id, status, finished_at, objects_checked, watermark FROM fixity_runs ORDER BY started_at DESC LIMIT 1`,
    );
    expect(dead).to.include({ status: 'running', finished_at: null });
    expect(dead.objects_checked).to.be.within(3, 6);
    // Its session (and advisory lock) ends when PostgreSQL notices the closed connection.
    let next: Awaited<ReturnType<typeof runFixityCheck>>;
    do {
      clock.advance(60_000);
      next = await runFixityCheck(t.db, store, { clock });
    } while (next.status === 'skipped');
    expect(next).to.include({ status: 'finished', resumedFrom: dead.id });
    expect(next.objectsChecked).to.equal(7 - dead.objects_checked);
    expect((await events(dead.id)).at(-1)).to.equal('run-crashed');
  });

  it('runs one checker at a time: a second one started meanwhile is skipped', async () => {
    let inner: Awaited<ReturnType<typeof runFixityCheck>> | undefined;
    const outer = await check({
      afterObject: async (n) => {
        if (n === 1) inner = await check({});
      },
    });
    expect(outer.status).to.equal('finished');
    expect(inner?.status).to.equal('skipped');
  });
});
