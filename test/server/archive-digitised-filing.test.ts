import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { PDFDocument } from 'pdf-lib';
import { configureArchiveStorage } from '../../workflows/archive/archival-objects';
import { runLtaUpkeep, type LtaUpkeepDeps } from '../../workflows/archive/lta-upkeep';
import { systemClock, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { sessionHeaders } from './support/archived-file-http';
import { seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Digitised paper records in the archive (docs/archive.md, "Digitised records in the archive"): filed into
 * a case file like documents (open file, same unit, next DocOrdinal, once), listed with the file, their
 * Appendix VI metadata from the digitisation fields, carried by acceptance into an archival record whose
 * objects are the original scan and the OCR PDF/A, and exported in a package.
 */
describe('archive: digitised records are filed, archived and packaged (issue 11)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    configureArchiveStorage({ clock: app.clock });
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock });
    await app.close();
  });

  const session = sessionHeaders(() => app);
  const headers = (role: Role) => session(w.users[role].username);
  const call = async (role: Role, method: string, path: string, json?: unknown) =>
    app.server.json(method, path, { headers: await headers(role), json });
  const expectError = (r: { status: number; body: any }, status: number, code: string) => {
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    expect(r.body.error.code).to.equal(code);
    expect(r.body.error.message).to.be.a('string').and.not.equal('');
    expect(r.body.error.messageVi).to.be.a('string').and.not.equal('');
  };

  /** A digitised record as the OCR job leaves it: a scan in the store and, when done, its OCR PDF/A. */
  async function digitised(o: { unitId: string; status: 'done' | 'draft'; title: string }) {
    const scan = await app.objects.put(Buffer.from(`II*\0 scan of ${o.title} ${randomUUID()}`), {
      contentType: 'image/tiff',
    });
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText(`OCR ${randomUUID()}`);
    const derivative = await app.objects.put(Buffer.from(await pdf.save()), {
      contentType: 'application/pdf',
    });
    const [r] = (await t.db.query(
      `INSERT INTO digitised_records (unit_id, title, origin, document_number, document_date, issuer, status,
         pages_total, pages_done, text, created_by, created_at, digitised_at)
       VALUES ($1, $2, 'paper_original', '15/QĐ-UBND', '2005-04-02', 'UBND huyện Bình Lục', $3, 2, 2,
         'quyết định', $4, now(), CASE WHEN $3 = 'done' THEN now() END) RETURNING id`,
      [o.unitId, o.title, o.status, w.users.clerk.id],
    )) as { id: string }[];
    await t.db.query(
      `INSERT INTO digitised_files (record_id, seq, file_name, media_type, original_sha256, original_size, pages,
         dpi, derivative_sha256, derivative_size, text_method, added_at)
       VALUES ($1, 1, 'quyet-dinh-15.tif', 'image/tiff', $2, $3, 2, 300, $4, $5, $6, now())`,
      [
        r!.id,
        scan.sha256,
        scan.size,
        o.status === 'done' ? derivative.sha256 : null,
        o.status === 'done' ? derivative.size : null,
        o.status === 'done' ? 'ocr' : null,
      ],
    );
    return { id: r!.id, scan: scan.sha256, derivative: derivative.sha256 };
  }

  it('files a digitised record like a document, and it travels into an archival record and a package', async () => {
    const periods = await call('specialist', 'GET', '/api/archive/retention-periods');
    const retentionId = periods.body.items.find((r: { years: number | null }) => r.years === 10).id;
    const created = await call('specialist', 'POST', '/api/archive/files', {
      year: 2005,
      fileCode: '02.SH',
      title: 'Hồ sơ quyết định số hóa năm 2005',
      retentionId,
      reliability: 'mixed',
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const fileId = created.body.id as string;

    const rec = await digitised({ unitId: w.own, status: 'done', title: 'Quyết định thành lập xã' });
    const draft = await digitised({ unitId: w.own, status: 'draft', title: 'Bản chưa nhận dạng' });
    const elsewhere = await digitised({ unitId: w.other, status: 'done', title: 'Của đơn vị khác' });

    const filing = await call('specialist', 'GET', `/api/archive/documents/digitised/${rec.id}`);
    expect(filing.status, JSON.stringify(filing.body)).to.equal(200);
    expect(filing.body).to.include({ fileable: true, file: null });
    expect(filing.body.openFiles.map((f: { id: string }) => f.id)).to.include(fileId);

    // The same rules as documents: OCR done, same unit, once.
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
        sourceKind: 'digitised',
        sourceId: draft.id,
      }),
      409,
      'FILING_DOCUMENT_NOT_FILEABLE',
    );
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
        sourceKind: 'digitised',
        sourceId: elsewhere.id,
      }),
      404,
      'FILING_DOCUMENT_NOT_FOUND',
    );
    const filed = await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
      sourceKind: 'digitised',
      sourceId: rec.id,
      description: 'Bản gốc giấy, số hóa 2026',
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(200);
    expect(filed.body.documents).to.have.length(1);
    expect(filed.body.documents[0]).to.include({
      sourceKind: 'digitised',
      sourceId: rec.id,
      docOrdinal: 1,
      numberAndNotation: '15/QĐ-UBND',
      documentType: 'Bản gốc giấy số hóa',
      subject: 'Quyết định thành lập xã',
      date: '2005-04-02',
    });
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
        sourceKind: 'digitised',
        sourceId: rec.id,
      }),
      409,
      'FILING_DOCUMENT_ALREADY_FILED',
    );
    // A document goes in after it: the next ordinal.
    const doc = await issuedOutgoing(t.db, app.objects, {
      unitId: w.own,
      drafter: {
        userId: w.users.specialist.id,
        username: 'bl.specialist',
        unitId: w.own,
        roles: ['specialist'],
      },
      issuedOn: '2005-05-10',
    });
    const both = await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
      sourceKind: 'outgoing',
      sourceId: doc.id,
    });
    expect(
      both.body.documents.map((d: { docOrdinal: number; sourceKind: string }) => [
        d.docOrdinal,
        d.sourceKind,
      ]),
    ).to.deep.equal([
      [1, 'digitised'],
      [2, 'outgoing'],
    ]);
    expect(
      (await call('specialist', 'GET', `/api/archive/documents/digitised/${rec.id}`)).body.file.id,
    ).to.equal(fileId);

    // Closed, transferred, accepted: an archival record with the scan and the OCR PDF/A, locked.
    const closed = await call('specialist', 'POST', `/api/archive/files/${fileId}/close`, {
      endDate: '2005-12-31',
    });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    const sent = await call('specialist', 'POST', '/api/archive/transfers', { fileIds: [fileId] });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    const accepted = await call('archivist', 'POST', `/api/archive/transfers/${sent.body.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body).to.include({ status: 'accepted', recordCount: 2 });

    const [record] = (await t.db.query(
      `SELECT id, doc_ordinal, metadata, retain_until::text AS retain_until FROM archival_records
        WHERE source_kind = 'digitised' AND source_id = $1`,
      [rec.id],
    )) as { id: string; doc_ordinal: number; metadata: any; retain_until: string }[];
    expect(record, 'the digitised record became an archival record').to.not.equal(undefined);
    expect(record!.retain_until).to.equal('2015-12-31');
    expect(record!.metadata.document).to.include({
      FileCode: '02.SH',
      DocOrdinal: '1',
      TypeName: 'Bản gốc giấy số hóa',
      CodeNumber: '15',
      CodeNotation: 'QĐ-UBND',
      IssuedDate: '02/04/2005',
      OrganName: 'UBND huyện Bình Lục',
      Subject: 'Quyết định thành lập xã',
      PageAmount: '2',
      Description: 'Bản gốc giấy, số hóa 2026',
    });
    const objects = (await t.db.query(
      `SELECT kind, sha256, media_type, retain_until FROM archival_objects WHERE record_id = $1 ORDER BY kind`,
      [record!.id],
    )) as { kind: string; sha256: string; media_type: string; retain_until: Date }[];
    expect(objects.map((o) => [o.kind, o.sha256, o.media_type])).to.deep.include.members([
      ['attachment', rec.scan, 'image/tiff'],
      ['ocr-derivative', rec.derivative, 'application/pdf'],
    ]);
    expect(objects.map((o) => o.kind).sort()).to.deep.equal(['attachment', 'metadata-xml', 'ocr-derivative']);
    const scanStat = await app.objects.stat(rec.scan);
    expect(scanStat!.retainUntil, 'the scan is locked until the retention ends').to.not.equal(null);
    expect(scanStat!.retainUntil!.getTime()).to.be.greaterThan(Date.parse('2015-12-30'));

    // The record page previews its OCR PDF/A (hash-verified, as a PDF), says so, and there is no signature
    // to validate; the LTA upkeep has no PDF of its to renew and passes it by.
    const view = await call('archivist', 'GET', `/api/archive/records/${record!.id}`);
    expect(view.status, JSON.stringify(view.body)).to.equal(200);
    expect(view.body.record.sourceKind).to.equal('digitised');
    const preview = await app.server.fetch(`/api/archive/records/${record!.id}/pdf?disposition=inline`, {
      headers: await headers('archivist'),
    });
    expect(preview.status).to.equal(200);
    expect(preview.headers.get('content-type')).to.equal('application/pdf');
    expect(preview.headers.get('x-archive-object-kind')).to.equal('ocr-derivative');
    expect(preview.headers.get('content-disposition')).to.contain('02.SH-1-ocr.pdf');
    const previewBytes = Buffer.from(await preview.arrayBuffer());
    expect(createHash('sha256').update(previewBytes).digest('hex')).to.equal(rec.derivative);
    expectError(
      await call('archivist', 'POST', `/api/archive/records/${record!.id}/validate`),
      409,
      'ARCHIVAL_RECORD_NOT_SIGNED',
    );
    // The outgoing document's record in the same file still previews its own signed PDF.
    const [outgoingRecord] = (await t.db.query(
      `SELECT id FROM archival_records WHERE source_kind = 'outgoing' AND source_id = $1`,
      [doc.id],
    )) as { id: string }[];
    const signedPdf = await app.server.fetch(`/api/archive/records/${outgoingRecord!.id}/pdf`, {
      headers: await headers('archivist'),
    });
    expect(signedPdf.status).to.equal(200);
    expect(signedPdf.headers.get('x-archive-object-kind')).to.equal('pdf-revision');
    await signedPdf.arrayBuffer();
    const upkeep = await runLtaUpkeep(
      t.db,
      { store: app.objects, clock: app.clock, horizonDays: 90 } as unknown as LtaUpkeepDeps,
      { recordId: record!.id },
    );
    expect(upkeep).to.deep.include({ checked: 0, renewed: [], failed: [] });

    // Exported: the OCR PDF/A is the record's 001.pdf (Decree 30 order), the scan beside it.
    const started = await call('archivist', 'POST', '/api/archive/packages', { fileId });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    let job = started.body;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call('archivist', 'GET', `/api/archive/packages/${job.id}`)).body;
    }
    expect(job.status, JSON.stringify(job)).to.equal('finished');
    const res = await app.server.fetch(`/api/archive/packages/${job.id}/download`, {
      headers: await headers('archivist'),
    });
    const tar = Buffer.from(await res.arrayBuffer()).toString('latin1');
    const manifest = tar.slice(tar.indexOf('manifest-sha256.txt'));
    expect(manifest).to.contain(`${rec.derivative}  representations/rep1/data/001.pdf`);
    expect(manifest).to.contain(`${rec.scan}  representations/rep1/data/001/attachment/${rec.scan}.tif`);
  });
});
