import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { configureArchiveStorage } from '../../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../../workflows/archive/case-files';
import { exportPackage } from '../../../workflows/archive/package-export';
import { PACKAGE_EXPORT_JOB, PackageJobs, packageExportJob } from '../../../workflows/archive/package-jobs';
import { listRetentionPeriods } from '../../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../../workflows/archive/transfers';
import { systemClock, type Actor } from '../../../workflows/context';
import { referencedObjects } from '../../../workflows/maintenance/referenced-objects';
import {
  DELETE_OBJECTS_JOB,
  deleteUnreferencedObjects,
} from '../../../workflows/maintenance/delete-unreferenced-objects';
import { PACKAGE_EXPIRY_JOB, packageExpiryJob } from '../../../workflows/archive/package-expiry';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, jobOf } from '../fixtures';
import { archiveWorld, issuedOutgoing, type ArchiveWorld } from './archive-world';

async function bytesOf(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of s) parts.push(b as Buffer);
  return Buffer.concat(parts);
}

/** Runs the queued job of an export as the job worker does: the handler inside the job's transaction. */
async function runWorkerJob(db: DataSource, objects: ObjectStore, exportId: string): Promise<void> {
  const [row] = (await db.query(`SELECT * FROM jobs WHERE kind = $1 AND payload ->> 'exportId' = $2`, [
    PACKAGE_EXPORT_JOB,
    exportId,
  ])) as { id: string; kind: string; payload: Record<string, unknown>; run_at: Date }[];
  expect(row, 'the job was enqueued').to.not.equal(undefined);
  const job = jobOf({ id: row!.id, kind: row!.kind, payload: row!.payload, runAt: row!.run_at });
  await db.transaction((m) => packageExportJob({ objects })(m, job, new Date()));
}

/**
 * Persistent package export jobs (issue 11 item 8): the row and the job commit together, any instance reads
 * the progress, a new instance (a restart) finishes a job, a re-run writes the same bytes, the download
 * equals a direct export, the storage sweep keeps the finished package.
 */
describe('workflows/archive/package-jobs: persistent export jobs', function () {
  this.timeout(180_000);
  const clock = new FixedClock(new Date('2026-12-07T03:00:00Z'));
  let t: TestDatabase;
  let dir: string;
  let store: LocalObjectStore;
  let w: ArchiveWorld;
  let fileId: string;
  const as = (x: Actor) => ctxOf(t.db, x, clock);

  before(async () => {
    t = await createTestDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-package-jobs-'));
    store = await LocalObjectStore.open({ root: path.join(dir, 'store'), clock });
    configureArchiveStorage({ clock, replica: undefined, permanentLockYears: 100 });
    w = await archiveWorld(t.db);
    const tenYears = (await listRetentionPeriods(as(w.commune.specialist))).find((r) => r.years === 10)!.id;
    const f = await createCaseFile(as(w.commune.specialist), {
      year: 2025,
      fileCode: '03.GOI',
      title: 'Hồ sơ thử xuất gói bền vững',
      retentionId: tenYears,
    });
    fileId = f.id;
    for (const issuedOn of ['2025-02-10', '2025-03-10', '2025-04-10']) {
      const doc = await issuedOutgoing(t.db, store, {
        unitId: w.communeId,
        drafter: w.commune.specialist,
        issuedOn,
      });
      await fileDocument(as(w.commune.specialist), { fileId, sourceKind: 'outgoing', sourceId: doc.id });
    }
    await closeCaseFile(as(w.commune.specialist), { fileId, endDate: '2025-12-31' });
    const sent = await submitTransfer(as(w.commune.specialist), { fileIds: [fileId] });
    await acceptTransfer(as(w.commune.archivist), store, sent.id);
  });

  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await store.close();
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a restart: the row and the job outlive the instance that started them; a new instance finishes it', async () => {
    const archivist = as(w.commune.archivist);
    // An instance that only answers requests (the worker is elsewhere, or the process dies now).
    const first = new PackageJobs(store, { runLocally: false });
    const started = await first.start(archivist, { fileId });
    expect(started).to.include({ state: 'queued', status: 'running', records: 3, bytesDone: 0 });
    expect(started.bytesTotal).to.be.greaterThan(0);
    await first.close();

    // Another replica sees the same job; another person does not.
    const second = new PackageJobs(store, { runLocally: false });
    expect(await second.get(archivist, started.id)).to.include({ state: 'queued' });
    let refused: unknown;
    await second.get(as(w.commune.archivist2), started.id).catch((e: unknown) => (refused = e));
    expect(refused).to.have.property('code', 'PACKAGE_NOT_FOUND');
    let notReady: unknown;
    await second.download(archivist, started.id).catch((e: unknown) => (notReady = e));
    expect(notReady).to.have.property('code', 'PACKAGE_NOT_READY');

    await runWorkerJob(t.db, store, started.id);
    const done = await second.get(archivist, started.id);
    expect(done).to.include({ state: 'done', status: 'finished', error: null });
    expect(done.packageSha256).to.match(/^[0-9a-f]{64}$/);
    expect(done.bytesDone).to.equal(done.bytesTotal);
    expect(done.objects).to.equal(done.objectsTotal).and.greaterThan(2);

    // The download is exactly what a direct export of the same id at the same time writes.
    const downloaded = await bytesOf((await second.download(archivist, started.id)).stream);
    expect(downloaded.length).to.equal(done.packageSize);
    const direct = new PassThrough();
    const directBytes = bytesOf(direct);
    const createdCtx = ctxOf(t.db, w.commune.archivist, new FixedClock(done.createdAt));
    await exportPackage(createdCtx, store, { fileId }, direct, () => {}, started.id);
    direct.end();
    expect((await directBytes).equals(downloaded)).to.equal(true);
    expect(downloaded.subarray(257, 262).toString()).to.equal('ustar');

    // The storage sweep keeps the finished package.
    const kept = await referencedObjects(t.db, [done.packageSha256!], { expiredUploadsBefore: new Date(0) });
    expect([...kept]).to.deep.equal([done.packageSha256]);

    // A crash after the put but before the row said done: the job re-runs from the start, same hash.
    await t.db.query(
      `UPDATE archive_package_exports SET status = 'running', package_sha256 = NULL, package_size = NULL,
         bytes_done = 10 WHERE id = $1`,
      [started.id],
    );
    expect(await second.get(archivist, started.id)).to.include({ state: 'running', bytesDone: 10 });
    await runWorkerJob(t.db, store, started.id);
    expect(await second.get(archivist, started.id)).to.include({
      state: 'done',
      packageSha256: done.packageSha256,
      packageSize: done.packageSize,
    });
    // A finished job run again changes nothing.
    await runWorkerJob(t.db, store, started.id);
    expect(await second.get(archivist, started.id)).to.include({ packageSha256: done.packageSha256 });
  });

  it('progress written by the running instance is read by another instance', async () => {
    const archivist = as(w.commune.archivist);
    // A store whose third read waits until the test has seen progress from the other instance.
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gated: ObjectStore = Object.create(store) as ObjectStore;
    gated.get = async (sha256: string) => {
      reads += 1;
      if (reads === 3) await gate;
      return store.get(sha256);
    };
    const runner = new PackageJobs(gated);
    const started = await runner.start(archivist, { fileId });
    const other = new PackageJobs(store, { runLocally: false });
    let seen = await other.get(archivist, started.id);
    while (!(seen.state === 'running' && seen.bytesDone > 0)) {
      expect(seen.state, 'the export stops at the gate, so it cannot finish first').to.be.oneOf([
        'queued',
        'running',
      ]);
      await new Promise((r) => setImmediate(r));
      seen = await other.get(archivist, started.id);
    }
    // Mid-export: running, bytes written, no package yet. (Not bytesDone < bytesTotal: bytesTotal counts the
    // objects only, and the metadata entries written first can outweigh these small test objects when the
    // first progress write comes late on a loaded machine.)
    expect(seen.state).to.equal('running');
    expect(seen.packageSha256).to.equal(null);
    release();
    const done = await runner.wait(archivist, started.id);
    expect(done).to.include({ state: 'done', status: 'finished' });
    expect(await other.get(archivist, started.id)).to.include({ state: 'done' });
    // The job the worker would run finds it done.
    await runWorkerJob(t.db, store, started.id);
    expect(await other.get(archivist, started.id)).to.include({ packageSha256: done.packageSha256 });
  });

  it('a finished package expires after its retention: marked first, its bytes deleted after, idempotent', async () => {
    const archivist = as(w.commune.archivist);
    const runner = new PackageJobs(store);
    const started = await runner.start(archivist, { fileId });
    const done = await runner.wait(archivist, started.id);
    expect(done).to.include({ state: 'done', expiredAt: null });
    const sha = done.packageSha256!;
    expect(await store.stat(sha)).to.not.equal(null);
    const finished = done.finishedAt!.getTime();
    const day = 86_400_000;
    const expiry = packageExpiryJob({ retentionMs: 7 * day });
    const job = (id: string, payload: Record<string, unknown> = {}) =>
      jobOf({ id, kind: PACKAGE_EXPIRY_JOB, payload });
    const deletionJobs = async () =>
      (await t.db.query(
        `SELECT id, payload FROM jobs WHERE kind = $1 AND payload::text LIKE '%' || $2 || '%' ORDER BY id`,
        [DELETE_OBJECTS_JOB, sha],
      )) as { id: string; payload: Record<string, unknown> }[];

    // Six days after: kept.
    await t.db.transaction((m) => expiry(m, job('1'), new Date(finished + 6 * day)));
    expect(await runner.get(archivist, started.id)).to.include({ state: 'done' });
    expect(await deletionJobs()).to.have.length(0);

    // Eight days after: the row is marked expired and the deletion job queued, in one transaction. A crash
    // before the deletion job runs leaves the bytes in the store; the export is already expired (410).
    const at = new Date(finished + 8 * day);
    await t.db.transaction((m) => expiry(m, job('2'), at));
    const expired = await runner.get(archivist, started.id);
    expect(expired).to.include({ state: 'expired', status: 'failed', error: 'PACKAGE_EXPIRED' });
    expect(expired.expiredAt!.getTime()).to.equal(at.getTime());
    expect(expired.packageSha256, 'the row keeps what was exported').to.equal(sha);
    let refused: unknown;
    await runner.download(archivist, started.id).catch((e: unknown) => (refused = e));
    expect(refused).to.have.property('code', 'PACKAGE_EXPIRED');
    expect((refused as { message: { vi: string } }).message).to.not.equal(undefined);
    const queued = await deletionJobs();
    expect(queued).to.have.length(1);
    expect(await store.stat(sha), 'not deleted before the mark committed').to.not.equal(null);
    const next = (await t.db.query(`SELECT run_at FROM jobs WHERE kind = $1 AND run_at > $2`, [
      PACKAGE_EXPIRY_JOB,
      at,
    ])) as unknown[];
    expect(next, 'the next run is queued').to.have.length(1);

    // The sweep no longer counts an expired export as a reference; another export of the same bytes,
    // not expired, still does — and then the deletion keeps them.
    expect([...(await referencedObjects(t.db, [sha], { expiredUploadsBefore: new Date(0) }))]).to.deep.equal(
      [],
    );
    const twin = '00000000-0000-4000-8000-0000000000aa';
    await t.db.query(
      `INSERT INTO archive_package_exports (id, requested_by, unit_id, scope, status, package_sha256,
         package_size, created_at, finished_at)
       SELECT $2, requested_by, unit_id, scope, 'done', package_sha256, package_size, $3, $3
         FROM archive_package_exports WHERE id = $1`,
      [started.id, twin, at],
    );
    const del = deleteUnreferencedObjects({ objects: store, batchUploadRetentionMs: day });
    const deleteJob = { ...job(queued[0]!.id, queued[0]!.payload), kind: DELETE_OBJECTS_JOB };
    await t.db.transaction((m) => del(m, deleteJob, at));
    expect(await store.stat(sha), 'another live export holds the bytes').to.not.equal(null);
    await t.db.query(`DELETE FROM archive_package_exports WHERE id = $1`, [twin]);

    // The deletion job (run again, as after a lost commit) deletes the bytes; once more is a no-op.
    await t.db.transaction((m) => del(m, deleteJob, at));
    expect(await store.stat(sha)).to.equal(null);
    await t.db.transaction((m) => del(m, deleteJob, at));
    expect(await store.stat(sha)).to.equal(null);

    // The expiry run again changes nothing and queues no second deletion.
    await t.db.transaction((m) => expiry(m, job('3'), new Date(finished + 9 * day)));
    expect(await deletionJobs()).to.have.length(1);
    expect(await runner.get(archivist, started.id)).to.include({ state: 'expired' });
    const [audit] = (await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'ARCHIVE_PACKAGES_EXPIRED' ORDER BY seq DESC LIMIT 1`,
    )) as { payload: { packageIds: string[] } }[];
    expect(audit!.payload.packageIds).to.include(started.id);
  });
});
