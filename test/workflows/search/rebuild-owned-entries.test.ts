import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { configureArchiveStorage } from '../../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../../workflows/archive/case-files';
import { listRetentionPeriods } from '../../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../../workflows/archive/transfers';
import { POLICY } from '../../../workflows/accounts/authorize';
import { systemClock, type Actor } from '../../../workflows/context';
import { rebuildSearchIndex } from '../../../workflows/search/rebuild-search-index';
import { reindexOutgoing } from '../../../workflows/search/reindex-documents';
import { searchDocuments } from '../../../workflows/search/search-documents';
import { upsertSearchEntry } from '../../../workflows/search/search-index';
import { useTestDatabase } from '../../support/postgres';
import { archiveWorld, issuedOutgoing, type ArchiveWorld } from '../archive/archive-world';
import { ctxOf, FixedClock } from '../fixtures';

/**
 * Issue 12 item 5 for the entries other modules write: `vanban search rebuild [--check]` derives case files
 * (hồ sơ) and archival records again through workflows/archive/index-archive.ts and digitised scans as the
 * OCR job does, compares them with the live index (no difference when they were written by the real
 * paths: create / file / close / transfer / accept), names each difference when the index was changed
 * behind their back, writes nothing with --check, and repairs them without it.
 */
describe('workflows/search rebuildSearchIndex: archival records, case files and scans', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-12-07T03:00:00Z'));
  let dir: string;
  let store: LocalObjectStore;
  let w: ArchiveWorld;
  let fileId: string;
  let recordId: string;
  let scanId: string;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-search-owned-'));
    store = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
    configureArchiveStorage({ clock, replica: undefined, permanentLockYears: 100 });
    w = await archiveWorld(t.db, '7');
  });

  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await store.close();
    await fs.chmod(dir, 0o700).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds no difference when case files, archival records and scans were indexed by their owners', async () => {
    const tenYears = (await listRetentionPeriods(as(w.commune.specialist))).find((r) => r.years === 10)!.id;
    const out = await issuedOutgoing(t.db, store, {
      unitId: w.communeId,
      drafter: w.commune.specialist,
      signer: w.commune.leader,
      issuedOn: '2025-03-10',
      subject: 'Quyết định phê duyệt kế hoạch phòng chống lụt bão năm 2025',
    });
    // Written directly by the fixture: index it as the workflows' write path does.
    await t.db.transaction((m) => reindexOutgoing(m, out.id));
    const f = await createCaseFile(as(w.commune.specialist), {
      year: 2025,
      fileCode: '02.PCLB',
      title: 'Hồ sơ phòng chống lụt bão năm 2025',
      retentionId: tenYears,
    });
    fileId = f.id;
    await fileDocument(as(w.commune.specialist), { fileId, sourceKind: 'outgoing', sourceId: out.id });
    await closeCaseFile(as(w.commune.specialist), { fileId, endDate: '2025-12-31' });
    const sent = await submitTransfer(as(w.commune.specialist), { fileIds: [fileId] });
    await acceptTransfer(as(w.commune.archivist), store, sent.id);
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    recordId = rec!.id;

    // A digitised paper original whose OCR is done, with the entry server/jobs/ocr-job.ts writes.
    const [scan] = (await t.db.query(
      `INSERT INTO digitised_records (unit_id, title, origin, document_number, document_date, issuer, status,
         pages_total, pages_done, text, created_by, created_at, queued_at, digitised_at)
       VALUES ($1, 'Biên bản kiểm tra đê bao năm 1998', 'old_archive', '12/BB-UB', '1998-09-14', 'UBND xã Hồ Sơ',
               'done', 1, 1, 'Biên bản kiểm tra đê bao chống lũ', $2, now(), now(), now())
       RETURNING id, document_date::timestamptz AS document_date`,
      [w.communeId, w.commune.archivist.userId],
    )) as { id: string; document_date: Date }[];
    scanId = scan!.id;
    await t.db.transaction((m) =>
      upsertSearchEntry(m, {
        sourceKind: 'scan',
        sourceId: scanId,
        unitId: w.communeId,
        title: 'Biên bản kiểm tra đê bao năm 1998',
        number: '12/BB-UB',
        issuer: 'UBND xã Hồ Sơ',
        issuedAt: scan!.document_date,
        year: scan!.document_date.getUTCFullYear(),
        documentType: 'Tài liệu lưu trữ số hóa',
        status: 'digitised',
        body: 'Biên bản kiểm tra đê bao chống lũ',
        readers: { roles: POLICY['digitisation.read'].roles },
      }),
    );

    const report = await rebuildSearchIndex(t.db, { check: true });
    expect(report.differences).to.deep.equal([]);
    expect(report.expected).to.deep.equal({ outgoing: 1, incoming: 0, record: 1, file: 1, scan: 1 });

    // And the commune's archivist finds all four kinds.
    const found = await searchDocuments(as(w.commune.archivist), { q: 'lut bao' });
    expect(found.hits.map((h) => `${h.kind}:${h.id}`).sort()).to.deep.equal(
      [`file:${fileId}`, `outgoing:${out.id}`, `record:${recordId}`].sort(),
    );
    const scans = await searchDocuments(as(w.commune.archivist), { q: 'de bao' });
    expect(scans.hits.map((h) => `${h.kind}:${h.id}`)).to.deep.equal([`scan:${scanId}`]);
  });

  it('names missing, stale and extra entries of those kinds, writes nothing with --check, and repairs them', async () => {
    await t.db.query(`DELETE FROM search_entries WHERE source_kind = 'file' AND source_id = $1`, [fileId]);
    await t.db.query(
      `UPDATE search_entries SET title = 'Sửa sau lưng' WHERE source_kind = 'record' AND source_id = $1`,
      [recordId],
    );
    const ghost = '00000000-0000-4000-8000-00000000beef';
    await t.db.query(
      `INSERT INTO search_entries (source_kind, source_id, unit_id, title, sort_at, updated_at)
       VALUES ('scan', $1, $2, 'Bản quét không còn', now(), now())`,
      [ghost, w.communeId],
    );
    await t.db.query(`UPDATE digitised_records SET title = 'Biên bản đổi tên' WHERE id = $1`, [scanId]);

    const expected = [
      { kind: 'file', id: fileId, problem: 'missing' },
      { kind: 'record', id: recordId, problem: 'stale' },
      { kind: 'scan', id: ghost, problem: 'extra' },
      { kind: 'scan', id: scanId, problem: 'stale' },
    ];
    expect((await rebuildSearchIndex(t.db, { check: true })).differences).to.deep.equal(expected);
    // --check wrote nothing: the same differences again, the live entries untouched.
    expect((await rebuildSearchIndex(t.db, { check: true })).differences).to.deep.equal(expected);
    const [rec] = (await t.db.query(
      `SELECT title FROM search_entries WHERE source_kind = 'record' AND source_id = $1`,
      [recordId],
    )) as { title: string }[];
    expect(rec!.title).to.equal('Sửa sau lưng');

    const rebuilt = await rebuildSearchIndex(t.db, { check: false });
    expect(rebuilt.differenceCount).to.equal(4);
    expect((await rebuildSearchIndex(t.db, { check: true })).differences).to.deep.equal([]);
    const found = await searchDocuments(as(w.commune.archivist), { q: 'bien ban doi ten' });
    expect(found.hits.map((h) => `${h.kind}:${h.id}`)).to.deep.equal([`scan:${scanId}`]);
    const file = await searchDocuments(as(w.commune.archivist), { q: 'pclb' });
    expect(file.hits.map((h) => h.kind)).to.include('file');
  });
});
