import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { storageJobHandlers } from '../../../server/jobs/storage-job-handlers';
import { startJobWorker } from '../../../server/jobs/job-worker';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { createDraft } from '../../../workflows/documents/create-draft';
import { draftFromFile } from '../../../workflows/documents/draft-from-file';
import { ownUploadedFile, uploadFile } from '../../../workflows/documents/uploaded-file';
import { ensureRecurringJobs } from '../../../workflows/exchange/recurring-jobs';
import { guardObjectReference } from '../../../workflows/maintenance/guard-object-reference';
import { useTestDatabase } from '../../support/postgres';
import { codeOf, generateProvince, type ProvinceWorld } from '../exchange/province-world';
import { ctxOf, FixedClock } from '../fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The storage sweep against PostgreSQL and the local object store (the same conformance suite as S3):
 * which rows go, which objects go with them — only bytes no row names, never one under retention or legal
 * hold — and that a reference being written while the sweep deletes is never lost.
 */
describe('workflows/maintenance storage sweep', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:10:00+07:00'));
  let w: ProvinceWorld;
  let objects: LocalObjectStore;
  let dir: string;
  const storage = () => storageJobHandlers({ objects, sweep: { batchUploadRetentionMs: 30 * DAY } });
  const worker = (kinds?: string[]) => {
    const s = storage();
    return startJobWorker({
      db: t.db,
      clock,
      logger: pino({ level: 'silent' }),
      poll: false,
      recurring: s.recurring,
      handlers: kinds ? Object.fromEntries(kinds.map((k) => [k, s.handlers[k]!])) : s.handlers,
    });
  };
  /** Runs the due jobs until none is left (a job queued by another, like the deletion, runs too). */
  const drain = async (jobs: ReturnType<typeof worker>) => {
    const all: string[] = [];
    for (;;) {
      const done = await jobs.runDue();
      if (done.length === 0) return all;
      all.push(...done);
    }
  };
  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200), Buffer.from('\n%%EOF\n')]);
  const put = async (bytes = pdf()) => (await objects.put(bytes, { contentType: 'application/pdf' })).sha256;
  const exists = async (sha: string) => (await objects.stat(sha)) !== null;
  const upload = async (actor = w.root.specialist, bytes = pdf()) => {
    const file = path.join(dir, `${randomUUID()}.pdf`);
    fs.writeFileSync(file, bytes);
    return uploadFile(ctxOf(t.db, actor, clock), objects, {
      path: file,
      size: bytes.length,
      sha256: (await objects.put(bytes)).sha256,
      contentType: 'application/pdf',
      fileName: 'Tệp thử.pdf',
    });
  };
  const rows = async (sql: string, params: unknown[] = []) =>
    (await t.db.query(sql, params)) as Record<string, unknown>[];

  before(async () => {
    w = await generateProvince(t.db, 2);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-sweep-'));
    objects = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
  });
  after(async () => {
    await objects?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function session(prepared: string, expiresAt: Date): Promise<string> {
    const [cred] = await rows(
      `INSERT INTO signing_credentials (owner_kind, user_id, unit_id, kind, label, certificate_pem, subject, issuer,
         serial_hex, not_before, not_after, sha256, created_at)
       VALUES ('user', $1, $2, 'external', 'Khóa thử', 'PEM', 'CN=Thử', 'CN=CA', 'ab', $3, $4, $5, $3) RETURNING id`,
      [
        w.root.leader.userId,
        w.rootId,
        new Date('2026-01-01'),
        new Date('2027-01-01'),
        randomBytes(32).toString('hex'),
      ],
    );
    const [s] = await rows(
      `INSERT INTO signing_sessions (document_id, credential_id, actor_user_id, unit_id, purpose, base_pdf_sha256,
         prepared_pdf_sha256, prepared_pdf_size, state, created_at, expires_at)
       VALUES ($1, $2, $3, $4, 'leader', $5, $6, 1, '{}', $7, $8) RETURNING id`,
      [
        randomUUID(),
        cred!.id,
        w.root.leader.userId,
        w.rootId,
        'c'.repeat(64),
        prepared,
        new Date(expiresAt.getTime() - 15 * 60_000),
        expiresAt,
      ],
    );
    return s!.id as string;
  }

  async function batchUpload(sha: string, addedAt: Date, job: 'done' | 'pending'): Promise<string> {
    const [b] = await rows(
      `INSERT INTO validation_batches (unit_id, created_by, name, created_at) VALUES ($1, $2, 'Lô thử', $3) RETURNING id`,
      [w.rootId, w.root.specialist.userId, addedAt],
    );
    const [f] = await rows(
      `INSERT INTO validation_batch_files (batch_id, seq, source, file_name, pdf_sha256, pdf_size, added_at)
       VALUES ($1, 1, 'upload', 'tai-len.pdf', $2, 1, $3) RETURNING id`,
      [b!.id, sha, addedAt],
    );
    await rows(
      `INSERT INTO jobs (kind, payload, run_at, dedupe_key, done_at) VALUES ('validation.batch_file', '{}', $1, $2, $3)`,
      [addedAt, `validation.batch_file:${f!.id}`, job === 'done' ? addedAt : null],
    );
    return f!.id as string;
  }

  it('removes expired sessions, old uploads and batch uploads past retention; deletes only the bytes nobody names', async () => {
    const start = clock.now();
    const prepared = await put();
    const liveSession = await put();
    const expiredSession = await session(prepared, new Date(start.getTime() - 2 * HOUR));
    await session(liveSession, new Date(start.getTime() + 25 * HOUR + 10 * 60_000)); // live after the advance
    const lonely = await upload(); // never used
    const drafted = await upload(); // became a draft's PDF
    const annexed = await upload(); // became an attachment
    const twice = await upload(); // uploaded again later by someone else
    const retained = await upload();
    const held = await upload();
    await objects.setRetention(retained.sha256, {
      mode: 'COMPLIANCE',
      retainUntil: new Date(start.getTime() + 90 * DAY),
    });
    await objects.setLegalHold(held.sha256, true);
    await createDraft(ctxOf(t.db, w.root.specialist, clock), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Dùng tệp đã tải lên',
      recipients: [],
      pdf: { sha256: drafted.sha256, size: drafted.size },
      attachments: [{ name: 'Phụ lục', sha256: annexed.sha256, size: annexed.size }],
    });
    const oldBatch = await put();
    const pendingBatch = await put();
    const recentBatch = await put();
    await batchUpload(oldBatch, new Date(start.getTime() - 31 * DAY), 'done');
    await batchUpload(pendingBatch, new Date(start.getTime() - 31 * DAY + HOUR), 'pending');
    await batchUpload(recentBatch, new Date(start.getTime() - 29 * DAY), 'done');

    clock.advance(25 * HOUR);
    const fresh = await upload(w.root.clerk); // within its 24 hours
    await upload(w.root.clerk, Buffer.from(await objects.getBuffer(twice.sha256))); // same bytes, new handle

    const jobs = worker();
    try {
      expect(await drain(jobs)).to.deep.equal(['done', 'done']); // the sweep, then the deletion
    } finally {
      await jobs.stop();
    }
    expect(await rows(`SELECT id FROM signing_sessions WHERE id = $1`, [expiredSession])).to.deep.equal([]);
    expect(await rows(`SELECT count(*)::int AS n FROM signing_sessions`)).to.deep.equal([{ n: 1 }]);
    const left = (await rows(`SELECT id FROM uploaded_files ORDER BY created_at`)).map((r) => r.id);
    expect(left).to.have.length(2);
    expect(left[0]).to.equal(fresh.id);
    expect(await codeOf(ownUploadedFile(t.db, w.root.specialist, lonely.id))).to.equal('FILE_NOT_FOUND');
    const kept = {
      prepared: await exists(prepared),
      liveSession: await exists(liveSession),
      lonely: await exists(lonely.sha256),
      drafted: await exists(drafted.sha256),
      annexed: await exists(annexed.sha256),
      twice: await exists(twice.sha256),
      retained: await exists(retained.sha256),
      held: await exists(held.sha256),
      oldBatch: await exists(oldBatch),
      pendingBatch: await exists(pendingBatch),
      recentBatch: await exists(recentBatch),
      fresh: await exists(fresh.sha256),
    };
    expect(kept).to.deep.equal({
      prepared: false,
      liveSession: true,
      lonely: false,
      drafted: true,
      annexed: true,
      twice: true,
      retained: true,
      held: true,
      oldBatch: false,
      pendingBatch: true,
      recentBatch: true,
      fresh: true,
    });
    // The batch rows and their history stay; only the uploaded bytes went.
    expect(await rows(`SELECT count(*)::int AS n FROM validation_batch_files`)).to.deep.equal([{ n: 3 }]);
    const audit = await rows(
      `SELECT type, payload FROM audit_events WHERE type LIKE 'STORAGE_%' ORDER BY seq`,
    );
    expect(audit[0]).to.deep.equal({
      type: 'STORAGE_SWEPT',
      payload: { signingSessions: 1, uploadedFiles: 6, batchUploads: 1, candidates: 8 },
    });
    expect(audit[1]!.type).to.equal('STORAGE_OBJECTS_DELETED');
    expect(audit[1]!.payload).to.deep.include({ referenced: 3, retained: 2, absent: 0 });
    expect(new Set((audit[1]!.payload as { deleted: string[] }).deleted)).to.deep.equal(
      new Set([prepared, lonely.sha256, oldBatch]),
    );
    // The next sweep is queued for the next hour, past the batch upload it took.
    const next = await rows(
      `SELECT run_at, payload FROM jobs WHERE kind = 'storage.sweep' AND done_at IS NULL AND failed_at IS NULL`,
    );
    expect(next).to.have.length(1);
    expect((next[0]!.run_at as Date).toISOString()).to.equal('2026-03-03T04:00:00.000Z');
  });

  it('takes a pending batch upload once its validation is done, at the next run; one sweep per hour whatever the replicas', async () => {
    const [pending] = await rows(
      `SELECT f.id, f.pdf_sha256 FROM validation_batch_files f JOIN jobs j ON j.dedupe_key = 'validation.batch_file:' || f.id
       WHERE j.done_at IS NULL`,
    );
    await rows(`UPDATE jobs SET done_at = $1 WHERE dedupe_key = $2`, [
      clock.now(),
      `validation.batch_file:${pending!.id}`,
    ]);
    clock.set('2026-03-03T04:00:05Z');
    // Two replicas making sure the sweep is queued in the same hour queue nothing more.
    expect(await ensureRecurringJobs(t.db, clock.now(), storage().recurring)).to.equal(0);
    const [a, b] = [worker(), worker()];
    try {
      const outcomes = [...(await drain(a)), ...(await drain(b))];
      expect(outcomes.sort()).to.deep.equal(['done', 'done']);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(await exists(pending!.pdf_sha256 as string)).to.equal(false);
    expect(
      await rows(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'storage.sweep' AND done_at IS NULL`),
    ).to.deep.equal([{ n: 1 }]);
  });

  it('never deletes bytes a transaction is referencing right now: the deletion waits for it, then keeps them', async () => {
    const bytes = pdf();
    const old = await upload(w.root.specialist, bytes);
    clock.advance(25 * HOUR);
    const sweepOnly = worker(['storage.sweep']);
    try {
      expect(await drain(sweepOnly)).to.deep.equal(['done']); // the row went; the deletion is queued
    } finally {
      await sweepOnly.stop();
    }
    // Another upload of the same bytes, in the middle of its transaction (put done, row not committed).
    const q = t.db.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    const deleting = worker(['storage.delete_objects']);
    try {
      await guardObjectReference(
        q.manager,
        objects,
        { sha256: old.sha256, contentType: 'application/pdf' },
        () => bytes,
      );
      await q.query(
        `INSERT INTO uploaded_files (owner_user_id, unit_id, sha256, size, content_type, created_at)
         VALUES ($1, $2, $3, $4, 'application/pdf', $5)`,
        [w.root.clerk.userId, w.rootId, old.sha256, bytes.length, clock.now()],
      );
      const outcome = deleting.runDue();
      await waitFor(t.db, `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      await q.commitTransaction();
      expect(await outcome).to.deep.equal(['done']);
    } finally {
      if (q.isTransactionActive) await q.rollbackTransaction();
      await q.release();
      await deleting.stop();
    }
    expect(await exists(old.sha256)).to.equal(true);
    const [last] = await rows(
      `SELECT payload FROM audit_events WHERE type = 'STORAGE_OBJECTS_DELETED' ORDER BY seq DESC LIMIT 1`,
    );
    expect((last!.payload as { deleted: string[] }).deleted).to.not.include(old.sha256);
    expect(last!.payload).to.deep.include({ referenced: 1 });
  });

  it('puts the bytes back when the sweep deleted them between a writer’s put and its reference', async () => {
    const bytes = pdf();
    const sha = await put(bytes);
    await objects.delete(sha); // what the deletion does if it ran in between
    await t.db.transaction((m) =>
      guardObjectReference(m, objects, { sha256: sha, contentType: 'application/pdf' }, () => bytes),
    );
    expect((await objects.getBuffer(sha)).equals(bytes)).to.equal(true);
    await objects.delete(sha);
    expect(
      await codeOf(
        t.db.transaction((m) =>
          guardObjectReference(m, objects, { sha256: sha, contentType: 'application/pdf' }, () => pdf()),
        ),
      ),
    ).to.equal('OBJECT_CONTENT_CHANGED');
  });

  it('leaves a file alone while a draft is being made from it; a file past its 24 hours can no longer be used', async () => {
    const inUse = await upload();
    const expired = await upload();
    clock.advance(25 * HOUR);
    const q = t.db.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await ownUploadedFile(q.manager, w.root.specialist, inUse.id, { pdf: true }); // FOR SHARE
      const sweep = worker(['storage.sweep']);
      try {
        expect(await drain(sweep)).to.deep.equal(['done']);
      } finally {
        await sweep.stop();
      }
    } finally {
      await q.commitTransaction();
      await q.release();
    }
    expect(await rows(`SELECT id FROM uploaded_files WHERE id = $1`, [inUse.id])).to.have.length(1);
    expect(
      await codeOf(
        draftFromFile(ctxOf(t.db, w.root.specialist, clock), {
          documentType: 'Công văn',
          notation: 'UBND-VP',
          subject: 'Tệp hết hạn',
          recipients: [],
          fileId: expired.id,
        }),
      ),
    ).to.equal('FILE_NOT_FOUND');
  });
});

/** Polls PostgreSQL until `sql` returns a row (another connection reached the state the test waits for). */
async function waitFor(db: DataSource, sql: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await db.query(sql)).length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${sql}`);
}
