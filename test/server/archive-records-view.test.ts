import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import { DOCUMENT_TAG_MAX, FILE_TAG_MAX } from '../../workflows/archive/appendix-vi';
import { runFixityCheck } from '../../workflows/archive/fixity';
import { browseArchivalRecords } from '../../workflows/archive/record-browser';
import { closeCaseFile, createCaseFile, fileDocument } from '../../workflows/archive/case-files';
import { listRetentionPeriods } from '../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../workflows/archive/transfers';
import type { Actor, Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { ctxOf } from '../workflows/fixtures';
import { archivedFileOverHttp } from './support/archived-file-http';
import type { RunningApp, World } from './support/world';

/** The record view's API: GET /api/archive/records/:id — the record and its stored object versions, unit-scoped. */
describe('GET /api/archive/records/:id (issue 11 item 10)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  const fx = archivedFileOverHttp(t, 'Hồ sơ thử xem tài liệu');
  const { call, expectError, headers } = fx;
  let app: RunningApp;
  let w: World;
  let fileId: string;
  let tenYears: string;
  /** Three records of 2023 (file 03.KH, fonds 'Phông Văn phòng') and one of 2022 moved to another unit. */
  let file2023: string;
  let otherUnitRecord: string;

  before(async () => {
    ({ app, w, fileId, tenYears } = fx);
    const { actor, as } = fx;

    // The archive browser's material: three records of 2023 in another fonds, one of 2022 of another unit.
    const permanent = (await listRetentionPeriods(as('specialist'))).find((r) => r.years === null)!.id;
    const f23 = await createCaseFile(as('specialist'), {
      year: 2023,
      fileCode: '03.KH',
      title: 'Hồ sơ kế hoạch công tác',
      retentionId: permanent,
      fonds: 'Phông Văn phòng',
      keywords: 'kế hoạch; công tác',
    });
    file2023 = f23.id;
    for (const [i, subject] of ['Kế hoạch quý I', 'Kế hoạch quý II', 'Báo cáo tổng kết năm'].entries()) {
      const d = await issuedOutgoing(t.db, app.objects, {
        unitId: w.own,
        drafter: actor('specialist'),
        issuedOn: `2023-0${i + 3}-15`,
        subject,
      });
      await fileDocument(as('specialist'), { fileId: file2023, sourceKind: 'outgoing', sourceId: d.id });
    }
    await closeCaseFile(as('specialist'), { fileId: file2023, endDate: '2023-12-31' });
    const f22 = await createCaseFile(as('specialist'), {
      year: 2022,
      fileCode: '01.KHAC',
      title: 'Hồ sơ đơn vị khác',
      retentionId: tenYears,
    });
    const d22 = await issuedOutgoing(t.db, app.objects, {
      unitId: w.own,
      drafter: actor('specialist'),
      issuedOn: '2022-05-05',
      subject: 'Kế hoạch của đơn vị khác',
    });
    await fileDocument(as('specialist'), { fileId: f22.id, sourceKind: 'outgoing', sourceId: d22.id });
    await closeCaseFile(as('specialist'), { fileId: f22.id, endDate: '2022-12-31' });
    const sent2 = await submitTransfer(as('specialist'), { fileIds: [file2023, f22.id] });
    await acceptTransfer(as('archivist'), app.objects, sent2.id);
    const [moved] = (await t.db.query(
      `UPDATE archival_records SET unit_id = $2 WHERE file_id = $1 RETURNING id`,
      [f22.id, w.other],
    )) as [{ id: string }[]];
    await t.db.query(`UPDATE case_files SET unit_id = $2 WHERE id = $1`, [f22.id, w.other]);
    otherUnitRecord = moved[0]!.id;
  });

  it("401 without a session, 403 for a specialist, 404 for an unknown id and for another unit's record", async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    expect((await app.server.json('GET', `/api/archive/records/${rec!.id}`)).status).to.equal(401);
    expectError(await call('specialist', 'GET', `/api/archive/records/${rec!.id}`), 403, 'FORBIDDEN');
    expectError(
      await call('archivist', 'GET', `/api/archive/records/${randomUUID()}`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    await t.db.query(`UPDATE archival_records SET unit_id = $2 WHERE id = $1`, [rec!.id, w.other]);
    try {
      expectError(
        await call('archivist', 'GET', `/api/archive/records/${rec!.id}`),
        404,
        'ARCHIVAL_RECORD_NOT_FOUND',
      );
    } finally {
      await t.db.query(`UPDATE archival_records SET unit_id = $2 WHERE id = $1`, [rec!.id, w.own]);
    }
  });

  it('an archivist and an auditor read the record with every stored object version', async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    const stored = (await t.db.query(
      `SELECT id, kind, sha256 FROM archival_objects WHERE record_id = $1 ORDER BY id`,
      [rec!.id],
    )) as { id: string; kind: string; sha256: string }[];
    expect(stored.length).to.be.greaterThan(0);
    for (const role of ['archivist', 'auditor'] as const) {
      const r = await call(role, 'GET', `/api/archive/records/${rec!.id}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.record.id).to.equal(rec!.id);
      expect(r.body.record.fileCode).to.equal('07.GOI');
      expect(r.body.unitId).to.equal(w.own);
      const got = (r.body.versions as { id: string; kind: string; sha256: string }[])
        .map(({ id, kind, sha256 }) => ({ id, kind, sha256 }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(got).to.deep.equal(stored);
    }
  });

  it("streams the record's newest archival PDF, hash-verified, to its readers only", async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    expectError(await call('specialist', 'GET', `/api/archive/records/${rec!.id}/pdf`), 403, 'FORBIDDEN');
    expectError(
      await call('auditor', 'GET', `/api/archive/records/${randomUUID()}/pdf`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    const [pdf] = (await t.db.query(
      `SELECT sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision'
        ORDER BY created_at DESC, size DESC, id LIMIT 1`,
      [rec!.id],
    )) as { sha256: string }[];
    const r = await app.server.fetch(`/api/archive/records/${rec!.id}/pdf?disposition=inline`, {
      headers: await headers('auditor'),
    });
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('application/pdf');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(pdf!.sha256);
  });

  const firstRecord = async () =>
    (
      (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as { id: string }[]
    )[0]!.id;

  it('shows the Appendix VI metadata the record was archived with, in the order of the Appendix', async () => {
    const id = await firstRecord();
    const [row] = (await t.db.query(`SELECT metadata FROM archival_records WHERE id = $1`, [id])) as {
      metadata: { file: Record<string, string>; document: Record<string, string> };
    }[];
    const r = await call('archivist', 'GET', `/api/archive/records/${id}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const doc = r.body.metadata.document as { tag: string; value: string }[];
    const file = r.body.metadata.file as { tag: string; value: string }[];
    // One source: exactly the stored metadata (what the metadata XML and the package are written from).
    expect(Object.fromEntries(doc.map((e) => [e.tag, e.value]))).to.deep.equal(row!.metadata.document);
    expect(Object.fromEntries(file.map((e) => [e.tag, e.value]))).to.deep.equal(row!.metadata.file);
    const order = (tags: string[], all: string[]) => tags.map((x) => all.indexOf(x));
    const docOrder = order(
      doc.map((e) => e.tag),
      Object.keys(DOCUMENT_TAG_MAX),
    );
    expect(docOrder).to.deep.equal([...docOrder].sort((a, b) => a - b));
    expect(docOrder).to.not.include(-1);
    const byTag = (entries: { tag: string; value: string }[]) =>
      Object.fromEntries(entries.map((e) => [e.tag, e.value]));
    expect(byTag(doc)).to.include({ FileCode: '07.GOI', DocOrdinal: '1', IssuedDate: '10/03/2024' });
    expect(byTag(doc).Subject).to.be.a('string').and.not.equal('');
    expect(byTag(file)).to.include({
      FileCode: '07.GOI',
      Title: 'Hồ sơ thử xem tài liệu',
      Maintenance: '10 năm',
    });
    expect(file.map((e) => e.tag)).to.include.members(['Fonds', 'Rights', 'Reliability', 'Language']);
    expect(
      order(
        file.map((e) => e.tag),
        Object.keys(FILE_TAG_MAX),
      ),
    ).to.not.include(-1);
  });

  it("lists the record's events newest first, paged, and only to readers of its unit", async () => {
    const id = await firstRecord();
    app.clock.advance(60_000);
    const hold = await call('archivist', 'PUT', `/api/archive/records/${id}/legal-hold`, {
      legalHold: true,
      reason: 'Thanh tra',
    });
    expect(hold.status, JSON.stringify(hold.body)).to.equal(200);
    app.clock.advance(60_000);
    await call('archivist', 'PUT', `/api/archive/records/${id}/legal-hold`, {
      legalHold: false,
      reason: 'Xong',
    });
    app.clock.advance(60_000);
    const fixity = await runFixityCheck(t.db, app.objects, { clock: app.clock });
    expect(fixity.status).to.equal('finished');

    const all = await call('auditor', 'GET', `/api/archive/records/${id}/events?limit=200`);
    expect(all.status, JSON.stringify(all.body)).to.equal(200);
    const items = all.body.items as { id: string; type: string; occurredAt: string; detail: any }[];
    expect(all.body.total).to.equal(items.length);
    const times = items.map((e) => e.occurredAt);
    expect(times).to.deep.equal([...times].sort().reverse());
    const types = items.map((e) => e.type);
    const objects = (await t.db.query(
      `SELECT count(*)::int AS n FROM archival_objects WHERE record_id = $1`,
      [id],
    )) as { n: number }[];
    // Newest first: the fixity results of every object, the hold lifted, the hold placed, … the acceptance.
    expect(types.slice(0, objects[0]!.n)).to.deep.equal(Array(objects[0]!.n).fill('FIXITY_OK'));
    expect(types.slice(objects[0]!.n, objects[0]!.n + 2)).to.deep.equal([
      'ARCHIVAL_RECORD_HOLD_SET',
      'ARCHIVAL_RECORD_HOLD_SET',
    ]);
    expect(items[objects[0]!.n]!.detail).to.include({ legalHold: false, reason: 'Xong' });
    expect(types).to.include('ARCHIVE_TRANSFER_ACCEPTED');
    expect(types.filter((x) => x === 'ARCHIVE_OBJECT_STORED')).to.have.length(objects[0]!.n);
    // Nothing of the other records: every stored object named is this record's.
    for (const e of items.filter((x) => x.type === 'ARCHIVE_OBJECT_STORED'))
      expect(e.detail.recordId).to.equal(id);

    // Pages: limit/offset walk the same list.
    const seen: string[] = [];
    for (let offset = 0; offset < items.length; offset += 3) {
      const page = await call(
        'archivist',
        'GET',
        `/api/archive/records/${id}/events?limit=3&offset=${offset}`,
      );
      expect(page.status).to.equal(200);
      expect(page.body.total).to.equal(items.length);
      expect(page.body.items.length).to.equal(Math.min(3, items.length - offset));
      seen.push(...(page.body.items as { id: string }[]).map((e) => e.id));
    }
    expect(seen).to.deep.equal(items.map((e) => e.id));

    expectError(
      await call('archivist', 'GET', `/api/archive/records/${id}/events?limit=0`),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await call('specialist', 'GET', `/api/archive/records/${id}/events`), 403, 'FORBIDDEN');
    expectError(
      await call('archivist', 'GET', `/api/archive/records/${otherUnitRecord}/events`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    expectError(
      await call('archivist', 'GET', `/api/archive/records/${otherUnitRecord}`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
  });

  it('shows the latest stored validation verdict with its date and who ran it, and the validation event', async () => {
    const id = await firstRecord();
    const before = await call('auditor', 'GET', `/api/archive/records/${id}`);
    const earlier = before.body.latestValidation as { id: string } | null;
    app.clock.advance(60_000);
    const v = await call('auditor', 'POST', `/api/archive/records/${id}/validate`);
    expect(v.status, JSON.stringify(v.body)).to.equal(200);
    const [report] = (await t.db.query(
      `SELECT id, status, created_at FROM validation_reports ORDER BY created_at DESC, id DESC LIMIT 1`,
    )) as { id: string; status: string; created_at: Date }[];
    expect(report!.id).to.not.equal(earlier?.id);
    const after = await call('archivist', 'GET', `/api/archive/records/${id}`);
    expect(after.body.latestValidation).to.deep.include({
      id: report!.id,
      status: report!.status,
      current: true,
      createdAt: report!.created_at.toISOString(),
      requestedBy: { id: w.users.auditor.id, fullName: after.body.latestValidation.requestedBy.fullName },
    });
    const [auditor] = (await t.db.query(`SELECT full_name FROM users WHERE id = $1`, [
      w.users.auditor.id,
    ])) as {
      full_name: string;
    }[];
    expect(after.body.latestValidation.requestedBy.fullName).to.equal(auditor!.full_name);
    expect(after.body.renewals).to.deep.equal([]);
    const events = await call('archivist', 'GET', `/api/archive/records/${id}/events?limit=1`);
    expect(events.body.items[0]).to.deep.include({ type: 'SIGNATURE_VALIDATED' });
    expect(events.body.items[0].detail.reportId).to.equal(report!.id);
  });

  it('browses by fonds, year, case file, retention and text, paged on the server, within the unit', async () => {
    const search = async (query: string, role: Role = 'archivist') => {
      const r = await call(role, 'GET', `/api/archive/records/search${query}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return r.body as {
        items: { id: string; fileCode: string; year: number; fonds: string; subject: string }[];
        total: number;
        fonds: string[];
        files: { id: string; fileCode: string; year: number; unitId: string; unitName: string }[];
      };
    };
    const everything = await search('');
    expect(everything.total).to.equal(4);
    expect(everything.items.map((r) => r.year)).to.deep.equal([2024, 2023, 2023, 2023]);
    expect(everything.items.map((r) => r.id)).to.not.include(otherUnitRecord);
    expect(everything.fonds).to.include('Phông Văn phòng');
    // The case-file choices: the files of the caller's scope holding records, with their unit.
    expect(everything.files.map((f) => f.fileCode).sort()).to.deep.equal(['03.KH', '07.GOI']);
    expect(new Set(everything.files.map((f) => f.unitId))).to.deep.equal(new Set([w.own]));
    expect(everything.files.every((f) => f.unitName !== '')).to.equal(true);
    expect((await search('?year=2023')).files.map((f) => f.fileCode)).to.deep.equal(['03.KH']);

    const y23 = await search('?year=2023&limit=2');
    expect(y23.total).to.equal(3);
    expect(y23.items.map((r) => r.subject)).to.deep.equal(['Kế hoạch quý I', 'Kế hoạch quý II']);
    const y23b = await search('?year=2023&limit=2&offset=2');
    expect(y23b.total).to.equal(3);
    expect(y23b.items.map((r) => r.subject)).to.deep.equal(['Báo cáo tổng kết năm']);

    const fonds = await search(`?fonds=${encodeURIComponent('Phông Văn phòng')}`);
    expect(fonds.total).to.equal(3);
    expect(new Set(fonds.items.map((r) => r.fileCode))).to.deep.equal(new Set(['03.KH']));
    expect((await search(`?fileId=${fileId}`)).items.map((r) => r.fileCode)).to.deep.equal(['07.GOI']);
    expect((await search(`?retentionId=${tenYears}`)).total).to.equal(1);
    const text = await search(`?q=${encodeURIComponent('quý')}`);
    expect(text.items.map((r) => r.subject)).to.deep.equal(['Kế hoạch quý I', 'Kế hoạch quý II']);
    expect((await search(`?q=${encodeURIComponent('quý II')}`)).total).to.equal(1);
    expect((await search(`?q=03.KH`)).total).to.equal(3);
    expect((await search('?q=%25')).total).to.equal(0);
    expect((await search('?year=2023', 'auditor')).total).to.equal(3);

    expectError(
      await call('archivist', 'GET', '/api/archive/records/search?limit=500'),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('archivist', 'GET', '/api/archive/records/search?year=abc'),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await call('specialist', 'GET', '/api/archive/records/search'), 403, 'FORBIDDEN');
    expectError(
      await call('archivist', 'GET', `/api/archive/records/search?unitId=${w.other}`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    expect((await app.server.json('GET', '/api/archive/records/search')).status).to.equal(401);

    // The province archive (archivist of the top unit) sees every unit's records.
    const provinceArchivist: Actor = {
      userId: w.users.archivist.id,
      username: w.users.archivist.username,
      unitId: w.province,
      roles: ['archivist'],
    };
    const province = await browseArchivalRecords(ctxOf(t.db, provinceArchivist, app.clock), {
      limit: 50,
      offset: 0,
    });
    expect(province.total).to.equal(5);
    expect(province.items.map((r) => r.id)).to.include(otherUnitRecord);
    // The province archivist's case-file choices span the units: the other unit's file among them.
    const [otherFile] = (await t.db.query(`SELECT file_id FROM archival_records WHERE id = $1`, [
      otherUnitRecord,
    ])) as { file_id: string }[];
    const otherChoice = province.files.find((f) => f.id === otherFile!.file_id);
    expect(otherChoice, "the other unit's file is a choice").to.not.equal(undefined);
    expect(otherChoice!.unitId).to.equal(w.other);
    expect(new Set(province.files.map((f) => f.unitId)).size).to.be.greaterThan(1);
    expect(everything.files.map((f) => f.id)).to.not.include(otherFile!.file_id);
    const one = await browseArchivalRecords(ctxOf(t.db, provinceArchivist, app.clock), {
      unitId: w.other,
      limit: 50,
      offset: 0,
    });
    expect(one.items.map((r) => r.id)).to.deep.equal([otherUnitRecord]);
  });

  it('lists its LTA renewals apart, and a package export among the events of the records it held only', async () => {
    const id = await firstRecord();
    const [pdf] = (await t.db.query(
      `SELECT id, sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision' LIMIT 1`,
      [id],
    )) as { id: string; sha256: string }[];
    app.clock.advance(60_000);
    // The event the LTA upkeep writes when it renews (lta-upkeep.ts), through the audit trail's writer.
    await t.db.transaction((m) =>
      appendAuditEvent(
        m,
        { actor: null, clock: app.clock },
        {
          type: 'ARCHIVE_LTA_RENEWED',
          payload: {
            recordId: id,
            previousObjectId: pdf!.id,
            objectId: pdf!.id,
            reportObjectId: pdf!.id,
            reason: 'tsa-expiring',
            previousTimestampAt: '2024-03-10T02:00:00.000Z',
            previousTsaNotAfter: '2025-09-01T00:00:00.000Z',
            timestampAt: app.clock.now().toISOString(),
            sha256: pdf!.sha256,
          },
          unitId: null,
        },
      ),
    );
    const view = await call('auditor', 'GET', `/api/archive/records/${id}`);
    expect(view.body.renewals).to.deep.equal([
      {
        at: app.clock.now().toISOString(),
        reason: 'tsa-expiring',
        objectId: pdf!.id,
        sha256: pdf!.sha256,
        previousTsaNotAfter: '2025-09-01T00:00:00.000Z',
        timestampAt: app.clock.now().toISOString(),
      },
    ]);
    const newest = await call('auditor', 'GET', `/api/archive/records/${id}/events?limit=1`);
    expect(newest.body.items[0].type).to.equal('ARCHIVE_LTA_RENEWED');

    app.clock.advance(60_000);
    const started = await call('archivist', 'POST', '/api/archive/packages', { fileId: file2023 });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    let job = started.body;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('archivist', 'GET', `/api/archive/packages/${started.body.id}`)).body;
    }
    expect(job.status).to.equal('finished');
    const in2023 = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [file2023])) as {
      id: string;
    }[];
    for (const r of in2023) {
      const events = await call('archivist', 'GET', `/api/archive/records/${r.id}/events?limit=200`);
      const exported = (events.body.items as { type: string; detail: { packageId?: string } }[]).filter(
        (e) => e.type === 'ARCHIVE_PACKAGE_EXPORTED',
      );
      expect(exported.map((e) => e.detail.packageId)).to.deep.equal([started.body.id]);
    }
    const other = await call('archivist', 'GET', `/api/archive/records/${id}/events?limit=200`);
    expect((other.body.items as { type: string }[]).map((e) => e.type)).to.not.include(
      'ARCHIVE_PACKAGE_EXPORTED',
    );
  });
});
