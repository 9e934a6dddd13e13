import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PDFDocument } from 'pdf-lib';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { configureArchiveStorage } from '../../../workflows/archive/archival-objects';
import {
  closeCaseFile,
  createCaseFile,
  documentFiling,
  fileDocument,
  getCaseFile,
  removeFiledDocument,
  updateCaseFile,
} from '../../../workflows/archive/case-files';
import {
  approveDisposal,
  disposeObjects,
  executeDisposal,
  listArchivalRecords,
  proposeDisposal,
  rejectDisposal,
  setRecordHold,
} from '../../../workflows/archive/disposal';
import {
  createRetentionPeriod,
  listRetentionPeriods,
  updateRetentionPeriod,
} from '../../../workflows/archive/retention-periods';
import { transferDueAlerts } from '../../../workflows/archive/transfer-due-alerts';
import {
  DELETE_OBJECTS_JOB,
  deleteUnreferencedObjects,
} from '../../../workflows/maintenance/delete-unreferenced-objects';
import {
  acceptTransfer,
  getTransfer,
  returnTransfer,
  submitTransfer,
  transferHandover,
} from '../../../workflows/archive/transfers';
import { systemClock, type Actor } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { codeOf } from '../exchange/province-world';
import { ctxOf, FixedClock, jobOf } from '../fixtures';
import { archiveWorld, issuedOutgoing, registeredIncoming, type ArchiveWorld } from './archive-world';

const job = (payload: Record<string, unknown> = {}) => jobOf({ payload });

describe('workflows/archive case files, transfer, retention and disposal (issue 11 items 1, 2, 3, 7)', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-12-07T03:00:00Z'));
  let dir: string;
  let store: LocalObjectStore;
  let w: ArchiveWorld;
  let tenYears: string;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-archive-files-'));
    store = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
    configureArchiveStorage({ clock, replica: undefined, permanentLockYears: 100 });
    w = await archiveWorld(t.db);
    tenYears = (await listRetentionPeriods(as(w.commune.specialist))).find((r) => r.years === 10)!.id;
  });

  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await store.close();
    await fs.chmod(dir, 0o700).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('seeds the retention table with legal references, each marked for review, and lets only the admin change it', async () => {
    const list = await listRetentionPeriods(as(w.commune.specialist));
    expect(list.length).to.be.greaterThan(8);
    expect(list.every((r) => r.legalReference.length > 0 && r.needsReview)).to.equal(true);
    expect(list.some((r) => r.years === null)).to.equal(true);
    expect(
      await codeOf(
        createRetentionPeriod(as(w.commune.archivist), { code: 'X.1', title: 'x', legalReference: 'y' }),
      ),
    ).to.equal('FORBIDDEN');
    expect(
      await codeOf(
        createRetentionPeriod(as(w.root.admin), { code: 'X.1', title: 'x', legalReference: 'y', years: 0 }),
      ),
    ).to.equal('RETENTION_INVALID');
    const made = await createRetentionPeriod(as(w.root.admin), {
      code: '99.01',
      title: 'Hồ sơ thử nghiệm một năm',
      years: 1,
      legalReference: 'Quyết định nội bộ (thử nghiệm)',
    });
    expect(made.years).to.equal(1);
    expect(
      await codeOf(
        createRetentionPeriod(as(w.root.admin), { code: '99.01', title: 'x', legalReference: 'y' }),
      ),
    ).to.equal('RETENTION_DUPLICATE');
    const changed = await updateRetentionPeriod(as(w.root.admin), made.id, { needsReview: true });
    expect(changed.needsReview).to.equal(true);
  });

  it('opens a file with the Appendix VI maximum lengths and a unique code per unit and year', async () => {
    const base = { year: 2025, fileCode: '01.HS', title: 'Hồ sơ kế hoạch năm 2025', retentionId: tenYears };
    expect(
      await codeOf(createCaseFile(as(w.commune.specialist), { ...base, fileCode: 'X'.repeat(31) })),
    ).to.equal('CASE_FILE_INVALID');
    expect(
      await codeOf(createCaseFile(as(w.commune.specialist), { ...base, title: 'T'.repeat(1001) })),
    ).to.equal('CASE_FILE_INVALID');
    expect(
      await codeOf(createCaseFile(as(w.commune.specialist), { ...base, retentionId: undefined })),
    ).to.equal('CASE_FILE_INVALID');
    expect(await codeOf(createCaseFile(as(w.root.admin), base))).to.equal('FORBIDDEN');
    expect(await codeOf(createCaseFile(as(w.other.specialist), { ...base, unitId: w.communeId }))).to.equal(
      'CASE_FILE_NOT_FOUND',
    );
    const f = await createCaseFile(as(w.commune.specialist), { ...base, fileCode: '00.DUP' });
    expect(f.status).to.equal('open');
    expect(f.personInCharge.id).to.equal(w.commune.specialist.userId);
    expect(await codeOf(createCaseFile(as(w.commune.specialist2), { ...base, fileCode: '00.DUP' }))).to.equal(
      'CASE_FILE_DUPLICATE',
    );
    const other = await updateCaseFile(as(w.commune.specialist), f.id, {
      keywords: 'kế hoạch; lưu trữ',
      fonds: 'UBND xã Hồ Sơ',
    });
    expect(other.keywords).to.equal('kế hoạch; lưu trữ');
    expect(await codeOf(updateCaseFile(as(w.commune.specialist2), f.id, { title: 'Khác' }))).to.equal(
      'CASE_FILE_STATE_INVALID',
    );
  });

  it('files issued and registered documents of its unit once, in order, and closes the file from its documents’ dates', async () => {
    const out = await issuedOutgoing(t.db, store, {
      unitId: w.communeId,
      drafter: w.commune.specialist,
      signer: w.commune.leader,
      issuedOn: '2025-03-10',
      recipients: [w.rootId],
    });
    const rootDoc = await issuedOutgoing(t.db, store, {
      unitId: w.rootId,
      drafter: w.root.clerk,
      issuedOn: '2025-02-01',
    });
    const inc = await registeredIncoming(t.db, store, {
      recipientUnitId: w.communeId,
      outgoingId: rootDoc.id,
      receivedAt: '2025-02-02T03:00:00Z',
    });
    const draft = await issuedOutgoing(t.db, store, {
      unitId: w.communeId,
      drafter: w.commune.specialist,
      issuedOn: '2025-04-01',
      status: 'draft',
    });
    const f = await createCaseFile(as(w.commune.specialist), {
      year: 2025,
      fileCode: '01.KH',
      title: 'Hồ sơ kế hoạch công tác năm 2025',
      retentionId: tenYears,
    });
    expect(await codeOf(closeCaseFile(as(w.commune.specialist), { fileId: f.id }))).to.equal(
      'CASE_FILE_EMPTY',
    );

    const filing = await documentFiling(as(w.commune.specialist), {
      sourceKind: 'outgoing',
      sourceId: out.id,
    });
    expect(filing.fileable).to.equal(true);
    expect(filing.openFiles.map((o) => o.id)).to.include(f.id);

    await fileDocument(as(w.commune.specialist), {
      fileId: f.id,
      sourceKind: 'outgoing',
      sourceId: out.id,
      pageAmount: 3,
    });
    const after2 = await fileDocument(as(w.commune.clerk), {
      fileId: f.id,
      sourceKind: 'incoming',
      sourceId: inc.id,
      pageAmount: 2,
    });
    expect(after2.documents.map((d) => [d.sourceKind, d.docOrdinal])).to.deep.equal([
      ['outgoing', 1],
      ['incoming', 2],
    ]);
    expect(after2.documents[1]!.numberAndNotation).to.equal('05/UBND-VP');
    expect(after2.pageTotal).to.equal(5);
    expect(
      await codeOf(
        fileDocument(as(w.commune.specialist), { fileId: f.id, sourceKind: 'outgoing', sourceId: out.id }),
      ),
    ).to.equal('FILING_DOCUMENT_ALREADY_FILED');
    expect(
      await codeOf(
        fileDocument(as(w.commune.specialist), { fileId: f.id, sourceKind: 'outgoing', sourceId: draft.id }),
      ),
    ).to.equal('FILING_DOCUMENT_NOT_FILEABLE');
    expect(
      await codeOf(
        fileDocument(as(w.commune.specialist), {
          fileId: f.id,
          sourceKind: 'outgoing',
          sourceId: rootDoc.id,
        }),
      ),
    ).to.equal('FILING_DOCUMENT_NOT_FOUND');
    expect(
      await codeOf(
        fileDocument(as(w.other.specialist), { fileId: f.id, sourceKind: 'outgoing', sourceId: out.id }),
      ),
    ).to.equal('CASE_FILE_NOT_FOUND');
    expect(
      (await documentFiling(as(w.commune.specialist), { sourceKind: 'incoming', sourceId: inc.id })).file?.id,
    ).to.equal(f.id);

    // Remove and re-add: the ordinals stay gapless.
    const removed = await removeFiledDocument(as(w.commune.specialist), {
      fileId: f.id,
      sourceKind: 'outgoing',
      sourceId: out.id,
    });
    expect(removed.documents.map((d) => d.docOrdinal)).to.deep.equal([1]);
    await fileDocument(as(w.commune.specialist), {
      fileId: f.id,
      sourceKind: 'outgoing',
      sourceId: out.id,
      pageAmount: 3,
    });

    expect(await codeOf(closeCaseFile(as(w.commune.specialist2), { fileId: f.id }))).to.equal(
      'CASE_FILE_STATE_INVALID',
    );
    expect(
      await codeOf(closeCaseFile(as(w.commune.specialist), { fileId: f.id, endDate: '2025-03-01' })),
    ).to.equal('CASE_FILE_INVALID');
    const closed = await closeCaseFile(as(w.commune.specialist), { fileId: f.id, endDate: '2025-12-31' });
    expect(closed.status).to.equal('closed');
    expect(closed.startDate).to.equal('2025-02-02');
    expect(closed.endDate).to.equal('2025-12-31');
    expect(closed.transferDueOn).to.equal('2026-12-31');
    expect(
      await codeOf(
        fileDocument(as(w.commune.specialist), { fileId: f.id, sourceKind: 'outgoing', sourceId: draft.id }),
      ),
    ).to.equal('CASE_FILE_STATE_INVALID');
  });

  it('alerts the person in charge and the archivists 30 days before a file is due at the archive, once', async () => {
    const run = async () => t.db.transaction((m) => transferDueAlerts()(m, job(), clock.now()));
    await run();
    await run();
    const rows: { user_id: string; subject_vi: string }[] = await t.db.query(
      `SELECT user_id, subject_vi FROM notifications WHERE kind = 'archive.transfer_due' ORDER BY user_id`,
    );
    const users = rows.map((r) => r.user_id).sort();
    expect(users).to.deep.equal(
      [w.commune.specialist.userId, w.commune.archivist.userId, w.commune.archivist2.userId].sort(),
    );
    expect(rows[0]!.subject_vi).to.contain('31/12/2026');
  });

  it('sends closed files to the archive; the archivist returns or accepts them, and acceptance stores every object or nothing', async () => {
    const [f] = (await t.db.query(`SELECT id FROM case_files WHERE file_code = '01.KH'`)) as { id: string }[];
    const fileId = f!.id;
    expect(await codeOf(submitTransfer(as(w.commune.specialist2), { fileIds: [fileId] }))).to.equal(
      'CASE_FILE_STATE_INVALID',
    );
    const open = (await t.db.query(`SELECT id FROM case_files WHERE file_code = '00.DUP'`)) as {
      id: string;
    }[];
    expect(await codeOf(submitTransfer(as(w.commune.specialist), { fileIds: [open[0]!.id] }))).to.equal(
      'CASE_FILE_STATE_INVALID',
    );
    const sent = await submitTransfer(as(w.commune.specialist), {
      fileIds: [fileId],
      note: 'Nộp lưu năm 2025',
    });
    expect(sent.status).to.equal('submitted');
    expect(sent.files.map((x) => x.status)).to.deep.equal(['submitted']);
    const told: unknown[] = await t.db.query(
      `SELECT 1 FROM notifications WHERE kind = 'archive.transfer_submitted' AND user_id = $1`,
      [w.commune.archivist.userId],
    );
    expect(told).to.have.length(1);

    expect(await codeOf(acceptTransfer(as(w.commune.specialist), store, sent.id))).to.equal('FORBIDDEN');
    expect(await codeOf(acceptTransfer(as(w.other.archivist), store, sent.id))).to.equal(
      'TRANSFER_NOT_FOUND',
    );
    expect(
      await codeOf(returnTransfer(as(w.commune.archivist), { transferId: sent.id, reason: ' ' })),
    ).to.equal('TRANSFER_INVALID');
    const back = await returnTransfer(as(w.commune.archivist), {
      transferId: sent.id,
      reason: 'Thiếu văn bản',
    });
    expect(back.status).to.equal('returned');
    expect(back.files[0]!.status).to.equal('closed');
    expect(await codeOf(acceptTransfer(as(w.commune.archivist), store, sent.id))).to.equal(
      'TRANSFER_STATE_INVALID',
    );

    const again = await submitTransfer(as(w.commune.specialist), { fileIds: [fileId] });
    // The object store fails half way: nothing is accepted, no record, no object row.
    let puts = 0;
    const failing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'put') {
          return async (...args: Parameters<ObjectStore['put']>) => {
            if (++puts > 2) throw ObjectStoreError.unavailable('local', new Error('disk gone'));
            return target.put(...args);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    expect(await codeOf(acceptTransfer(as(w.commune.archivist), failing, again.id))).to.equal(
      'OBJECT_STORE_UNAVAILABLE',
    );
    expect(await t.db.query(`SELECT id FROM archival_records`)).to.have.length(0);
    expect(await t.db.query(`SELECT id FROM archival_objects`)).to.have.length(0);
    expect((await getTransfer(as(w.commune.archivist), again.id)).status).to.equal('submitted');

    const accepted = await acceptTransfer(as(w.commune.archivist), store, again.id);
    expect(accepted.status).to.equal('accepted');
    expect(accepted.recordCount).to.equal(2);
    expect(accepted.files[0]!.status).to.equal('archived');
    const records: {
      id: string;
      source_kind: string;
      retain_until: string;
      metadata: { document: Record<string, string> };
    }[] = await t.db.query(
      `SELECT id, source_kind, retain_until::text, metadata FROM archival_records ORDER BY doc_ordinal`,
    );
    expect(records.map((r) => r.retain_until)).to.deep.equal(['2035-12-31', '2035-12-31']);
    const incoming = records.find((r) => r.source_kind === 'incoming')!;
    expect(incoming.metadata.document).to.include({
      FileCode: '01.KH',
      CodeNumber: '05',
      CodeNotation: 'UBND-VP',
      ArrivalDate: '02/02/2025',
    });
    const outgoing = records.find((r) => r.source_kind === 'outgoing')!;
    expect(outgoing.metadata.document).to.include({
      TypeName: 'Quyết định',
      IssuedDate: '10/03/2025',
      Priority: 'Khẩn',
    });
    expect(outgoing.metadata.document.To).to.equal('Ủy ban nhân dân tỉnh Lưu Trữ');
    const objects: { record_id: string; kind: string; sha256: string }[] = await t.db.query(
      `SELECT record_id, kind, sha256 FROM archival_objects ORDER BY kind`,
    );
    const kinds = (id: string) =>
      objects
        .filter((o) => o.record_id === id)
        .map((o) => o.kind)
        .sort();
    expect(kinds(outgoing.id)).to.deep.equal(['attachment', 'metadata-xml', 'pdf-revision', 'pdf-revision']);
    expect(kinds(incoming.id)).to.deep.equal(['metadata-xml', 'pdf-revision']);
    const xmlSha = objects.find((o) => o.record_id === outgoing.id && o.kind === 'metadata-xml')!.sha256;
    const xml = (await store.getBuffer(xmlSha)).toString('utf8');
    expect(xml).to.contain('<FileCode>01.KH</FileCode>');
    expect(xml).to.contain('<Maintenance>10 năm</Maintenance>');
    expect(xml).to.contain('<Subject>Về việc phê duyệt kế hoạch lưu trữ năm</Subject>');
    const stat = await store.stat(xmlSha);
    expect(stat?.retention?.mode).to.equal('COMPLIANCE');

    // Both the file and its records are in the search index, in the same transaction as the acceptance.
    const indexed: { source_kind: string; status: string; file_code: string }[] = await t.db.query(
      `SELECT source_kind, status, file_code FROM search_entries
        WHERE source_id = ANY($1::text[]) ORDER BY source_kind, source_id`,
      [[fileId, outgoing.id, incoming.id]],
    );
    expect(indexed.map((e) => [e.source_kind, e.status, e.file_code])).to.deep.equal([
      ['file', 'archived', '01.KH'],
      ['record', 'archived', '01.KH'],
      ['record', 'archived', '01.KH'],
    ]);

    const handover = await transferHandover(as(w.commune.specialist), store, again.id);
    const pdf = await PDFDocument.load(handover.bytes);
    expect(pdf.getPageCount()).to.be.at.least(1);
    expect(pdf.getTitle()).to.contain('Biên bản giao nhận');
    expect(await codeOf(transferHandover(as(w.commune.specialist), store, sent.id))).to.equal(
      'TRANSFER_STATE_INVALID',
    );
  });

  it('disposes of records only after their retention, with the unit leader’s and the province archive’s approval, leaving tombstones', async () => {
    const oneYear = (await listRetentionPeriods(as(w.commune.archivist))).find((r) => r.code === '99.01')!.id;
    const out = await issuedOutgoing(t.db, store, {
      unitId: w.communeId,
      drafter: w.commune.specialist2,
      issuedOn: '2024-05-02',
    });
    const f = await createCaseFile(as(w.commune.specialist2), {
      year: 2024,
      fileCode: '09.TN',
      title: 'Hồ sơ thử nghiệm ngắn hạn',
      retentionId: oneYear,
    });
    await fileDocument(as(w.commune.specialist2), { fileId: f.id, sourceKind: 'outgoing', sourceId: out.id });
    await closeCaseFile(as(w.commune.specialist2), { fileId: f.id, endDate: '2024-12-31' });
    const tr = await submitTransfer(as(w.commune.specialist2), { fileIds: [f.id] });
    await acceptTransfer(as(w.commune.archivist), store, tr.id);

    const expired = await listArchivalRecords(as(w.commune.archivist), { expired: true });
    expect(expired.map((r) => r.fileCode)).to.deep.equal(['09.TN']);
    const recordId = expired[0]!.id;
    const kept = await listArchivalRecords(as(w.commune.archivist), {
      fileId: (await t.db.query(`SELECT id FROM case_files WHERE file_code = '01.KH'`))[0].id,
    });
    expect(
      await codeOf(
        proposeDisposal(as(w.commune.archivist), { recordIds: [kept[0]!.id], reason: 'Hết giá trị' }),
      ),
    ).to.equal('RETENTION_NOT_ENDED');
    expect(
      await codeOf(
        proposeDisposal(as(w.commune.specialist), { recordIds: [recordId], reason: 'Hết giá trị' }),
      ),
    ).to.equal('FORBIDDEN');

    await setRecordHold(as(w.commune.archivist), store, {
      recordId,
      legalHold: true,
      reason: 'Đang thanh tra',
    });
    const heldObjects: { sha256: string }[] = await t.db.query(
      `SELECT sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'metadata-xml'`,
      [recordId],
    );
    // The store holds the bytes as well: nothing deletes them while the hold lasts.
    expect((await store.stat(heldObjects[0]!.sha256))?.legalHold).to.equal(true);
    expect(await codeOf(store.delete(heldObjects[0]!.sha256))).to.equal('OBJECT_RETAINED');
    expect(
      await codeOf(
        proposeDisposal(as(w.commune.archivist), { recordIds: [recordId], reason: 'Hết giá trị' }),
      ),
    ).to.equal('ARCHIVAL_RECORD_HELD');
    await setRecordHold(as(w.commune.archivist), store, {
      recordId,
      legalHold: false,
      reason: 'Kết thúc thanh tra',
    });
    expect((await store.stat(heldObjects[0]!.sha256))?.legalHold).to.equal(false);

    const rejected = await proposeDisposal(as(w.commune.archivist), {
      recordIds: [recordId],
      reason: 'Hết thời hạn bảo quản',
    });
    await rejectDisposal(as(w.commune.leader), { proposalId: rejected.id, reason: 'Cần xem lại' });
    expect(await codeOf(executeDisposal(as(w.commune.archivist), rejected.id))).to.equal(
      'DISPOSAL_STATE_INVALID',
    );

    const p = await proposeDisposal(as(w.commune.archivist), {
      recordIds: [recordId],
      reason: 'Hết thời hạn bảo quản',
    });
    expect(
      await codeOf(proposeDisposal(as(w.commune.archivist2), { recordIds: [recordId], reason: 'Lần nữa' })),
    ).to.equal('DISPOSAL_STATE_INVALID');
    const told: { user_id: string }[] = await t.db.query(
      `SELECT user_id FROM notifications WHERE kind = 'archive.disposal_proposed' AND link = $1 ORDER BY user_id`,
      [`#/archive/disposals/${p.id}`],
    );
    expect(told.map((n) => n.user_id)).to.deep.equal(
      [w.commune.leader.userId, w.root.archivist.userId].sort(),
    );
    expect(await codeOf(executeDisposal(as(w.commune.archivist), p.id))).to.equal(
      'DISPOSAL_APPROVALS_MISSING',
    );
    expect(
      await codeOf(approveDisposal(as(w.commune.archivist), { proposalId: p.id, as: 'province_archive' })),
    ).to.equal('DISPOSAL_APPROVER_INVALID');
    expect(
      await codeOf(approveDisposal(as(w.root.leader), { proposalId: p.id, as: 'unit_leader' })),
    ).to.equal('DISPOSAL_APPROVER_INVALID');
    const one = await approveDisposal(as(w.commune.leader), { proposalId: p.id, as: 'unit_leader' });
    expect(one.leaderApproval?.by.id).to.equal(w.commune.leader.userId);
    expect(await codeOf(executeDisposal(as(w.commune.archivist), p.id))).to.equal(
      'DISPOSAL_APPROVALS_MISSING',
    );
    const two = await approveDisposal(as(w.root.archivist), { proposalId: p.id, as: 'province_archive' });
    expect(two.allowedActions).to.deep.equal([]);
    expect(
      (
        await approveDisposal(as(w.root.archivist), { proposalId: p.id, as: 'province_archive' }).catch(
          (e) => e,
        )
      ).code,
    ).to.equal('DISPOSAL_APPROVER_INVALID');

    const done = await executeDisposal(as(w.commune.archivist2), p.id);
    expect(done.status).to.equal('executed');
    const tomb: {
      metadata: { file: Record<string, string> };
      objects: { kind: string; sha256: string }[];
      decision: Record<string, { id: string }>;
    }[] = await t.db.query(
      `SELECT metadata, objects, decision FROM disposal_tombstones WHERE record_id = $1`,
      [recordId],
    );
    expect(tomb).to.have.length(1);
    expect(tomb[0]!.metadata.file.FileCode).to.equal('09.TN');
    expect(tomb[0]!.objects.map((o) => o.kind).sort()).to.deep.equal([
      'attachment',
      'metadata-xml',
      'pdf-revision',
      'pdf-revision',
    ]);
    expect(tomb[0]!.decision.unitLeader!.id).to.equal(w.commune.leader.userId);
    expect(tomb[0]!.decision.provinceArchive!.id).to.equal(w.root.archivist.userId);
    expect((await listArchivalRecords(as(w.commune.archivist), { expired: true })).length).to.equal(0);
    expect(await t.db.query(`SELECT 1 FROM search_entries WHERE source_id = $1`, [recordId])).to.have.length(
      0,
    );

    // The objects: the metadata XML goes (its lock ended), the PDFs stay while the outgoing document keeps them.
    const xml = tomb[0]!.objects.find((o) => o.kind === 'metadata-xml')!.sha256;
    const pdf = tomb[0]!.objects.find((o) => o.kind === 'pdf-revision')!.sha256;
    await t.db.transaction((m) =>
      disposeObjects({ objects: store })(m, job({ recordIds: [recordId] }), clock.now()),
    );
    expect(await store.stat(xml)).to.equal(null);
    expect(await store.stat(pdf)).to.not.equal(null);
  });

  it('refuses to delete an object before its retain-until: the store says OBJECT_RETAINED', async () => {
    const [o] = (await t.db.query(
      `SELECT o.sha256 FROM archival_objects o JOIN archival_records r ON r.id = o.record_id
        WHERE r.retain_until = '2035-12-31' AND o.kind = 'metadata-xml' LIMIT 1`,
    )) as { sha256: string }[];
    expect(await codeOf(store.delete(o!.sha256))).to.equal('OBJECT_RETAINED');
    expect(
      (
        await getCaseFile(
          as(w.commune.archivist),
          (await t.db.query(`SELECT id FROM case_files WHERE file_code = '01.KH'`))[0].id,
        )
      ).status,
    ).to.equal('archived');
  });

  it('accepts without holding objects in a transaction: locks first, records after; a crash between leaves locked objects a retry uses', async () => {
    const file = await createCaseFile(as(w.commune.specialist), {
      year: 2025,
      fileCode: '09.CRASH',
      title: 'Hồ sơ thử gián đoạn khi tiếp nhận',
      retentionId: tenYears,
    });
    const doc = await issuedOutgoing(t.db, store, {
      unitId: w.communeId,
      drafter: w.commune.specialist,
      issuedOn: '2025-05-05',
    });
    await fileDocument(as(w.commune.specialist), {
      fileId: file.id,
      sourceKind: 'outgoing',
      sourceId: doc.id,
    });
    await closeCaseFile(as(w.commune.specialist), { fileId: file.id, endDate: '2025-12-31' });
    const sent = await submitTransfer(as(w.commune.specialist), { fileIds: [file.id] });
    const [pdf] = (await t.db.query(`SELECT pdf_sha256 FROM outgoing_documents WHERE id = $1`, [doc.id])) as {
      pdf_sha256: string;
    }[];

    // Every store call is logged; the crash comes after the objects are locked, before any row.
    const calls: string[] = [];
    const logged = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const crash = new Error('the process died here');
    let thrown: unknown;
    await acceptTransfer(as(w.commune.archivist), logged, sent.id, {
      afterObjectsLocked: () => {
        calls.push('CRASH');
        throw crash;
      },
    }).catch((e: unknown) => (thrown = e));
    expect(thrown).to.equal(crash);
    expect(calls, 'bytes are streamed, never read whole into memory').to.not.include('getBuffer');
    expect(calls).to.include.members(['get', 'setRetention', 'put']);
    expect(
      await t.db.query(
        `SELECT 1 FROM archival_records r JOIN case_files f ON f.id = r.file_id WHERE f.file_code = '09.CRASH'`,
      ),
    ).to.have.length(0);
    expect((await getTransfer(as(w.commune.archivist), sent.id)).status).to.equal('submitted');
    // The document's PDF is locked in place until the end of its retention.
    const lockUntil = new Date('2035-12-31T17:00:00Z');
    const stat = await store.stat(pdf!.pdf_sha256);
    expect(stat!.retention).to.deep.equal({ mode: 'COMPLIANCE', retainUntil: lockUntil });
    // The metadata XML is in the store, locked, referenced by no row: the sweep cannot take it, nor can a delete.
    const planned = (await t.db.query(`SELECT sha256 FROM archival_objects`)) as { sha256: string }[];
    const orphans: string[] = [];
    for (const sha of (await store.list({ limit: 1000 })).objects.map((i) => i.sha256)) {
      const st = await store.stat(sha);
      if (st?.retainUntil?.getTime() === lockUntil.getTime() && !planned.some((p) => p.sha256 === sha)) {
        if (st.contentType === 'application/xml') orphans.push(sha);
      }
    }
    expect(orphans).to.have.length(1);
    const xmlSha = orphans[0]!;
    const sweep = deleteUnreferencedObjects({ objects: store, batchUploadRetentionMs: 86_400_000 });
    await t.db.transaction((m) =>
      sweep(m, { ...job({ sha256s: [xmlSha] }), kind: DELETE_OBJECTS_JOB }, clock.now()),
    );
    expect(await store.stat(xmlSha), 'locked: retained by the sweep').to.not.equal(null);
    expect(await codeOf(store.delete(xmlSha))).to.equal('OBJECT_RETAINED');

    // The retry uses the locked objects as they are: the same XML, one version of it; the rows are written.
    calls.length = 0;
    const accepted = await acceptTransfer(as(w.commune.archivist), logged, sent.id, {
      afterObjectsLocked: () => {
        calls.push('LOCKED');
      },
    });
    expect(accepted.status).to.equal('accepted');
    expect(calls.slice(calls.indexOf('LOCKED') + 1), 'only a stat inside the transaction').to.deep.equal([
      'stat',
    ]);
    const rows = (await t.db.query(
      `SELECT o.kind, o.sha256 FROM archival_objects o JOIN archival_records r ON r.id = o.record_id
        WHERE r.source_id = $1 ORDER BY o.kind`,
      [doc.id],
    )) as { kind: string; sha256: string }[];
    expect(rows.map((r) => r.kind)).to.include.members(['metadata-xml', 'pdf-revision']);
    expect(rows.find((r) => r.kind === 'metadata-xml')!.sha256).to.equal(xmlSha);
    expect(await store.listVersions(xmlSha)).to.have.length(1);
  });
});
