import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { PDFDocument } from 'pdf-lib';
import { configureArchiveStorage } from '../../workflows/archive/archival-objects';
import { systemClock, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { sessionHeaders } from './support/archived-file-http';
import { seedWorld, startApp, type RunningApp, type World } from './support/world';

/** The archive's routes over HTTP: the whole filing → transfer → acceptance path, and a 4xx with a code for each refusal. */
describe('server/routes/archive-routes (issue 11 items 1, 2, 3, 7)', () => {
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

  const headers = sessionHeaders(() => app);
  const call = async (role: Role | string, method: string, path: string, json?: unknown) =>
    app.server.json(method, path, {
      headers: await headers(role in (w?.users ?? {}) ? w.users[role as Role].username : role),
      json,
    });
  const expectError = (r: { status: number; body: any }, status: number, code: string) => {
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    expect(r.body.error.code).to.equal(code);
    expect(r.body.error.message).to.be.a('string').and.not.equal('');
    expect(r.body.error.messageVi).to.be.a('string').and.not.equal('');
  };

  let retentionId: string;
  let fileId: string;

  it('answers 401 without a session and 403 to roles outside the archive', async () => {
    expect((await app.server.json('GET', '/api/archive/files')).status).to.equal(401);
    expectError(await call('admin', 'GET', '/api/archive/files'), 403, 'FORBIDDEN');
    expectError(
      await call('auditor', 'POST', '/api/archive/files', { fileCode: 'A', title: 'B' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await call('specialist', 'POST', '/api/archive/retention-periods', {
        code: 'A',
        title: 'B',
        legalReference: 'C',
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await call('specialist', 'POST', `/api/archive/transfers/${randomUUID()}/accept`),
      403,
      'FORBIDDEN',
    );
    expectError(await call('specialist', 'GET', '/api/archive/disposals'), 403, 'FORBIDDEN');
  });

  it('refuses bad input with 400 and a code, never 500', async () => {
    const list = await call('specialist', 'GET', '/api/archive/retention-periods');
    expect(list.status).to.equal(200);
    retentionId = list.body.items.find((r: { years: number | null }) => r.years === 10).id;
    expectError(
      await call('specialist', 'POST', '/api/archive/files', {
        fileCode: 'X'.repeat(31),
        title: 'T',
        retentionId,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('specialist', 'POST', '/api/archive/files', { fileCode: '01', title: 'T' }),
      400,
      'CASE_FILE_INVALID',
    );
    expectError(
      await call('specialist', 'POST', '/api/archive/files', { fileCode: ' ', title: 'T', retentionId }),
      400,
      'CASE_FILE_INVALID',
    );
    expectError(await call('specialist', 'GET', '/api/archive/files/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await call('specialist', 'GET', '/api/archive/files?year=abc'), 400, 'VALIDATION_FAILED');
    expectError(
      await call('admin', 'POST', '/api/archive/retention-periods', {
        code: 'ä ö',
        title: 'x',
        legalReference: 'y',
      }),
      400,
      'RETENTION_INVALID',
    );
    expectError(
      await call('specialist', 'POST', '/api/archive/files', {
        fileCode: '02',
        title: 'T',
        retentionId: randomUUID(),
      }),
      404,
      'RETENTION_NOT_FOUND',
    );
    expectError(
      await call('archivist', 'POST', '/api/archive/disposals', { recordIds: [], reason: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('files a document, closes the file, transfers it and lets the archivist accept it; the handover record is a PDF', async () => {
    const created = await call('specialist', 'POST', '/api/archive/files', {
      year: 2025,
      fileCode: '01.KH',
      title: 'Hồ sơ kế hoạch năm 2025',
      retentionId,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    fileId = created.body.id;
    expect(created.body.allowedActions).to.include('close');
    expectError(
      await call('specialist', 'POST', '/api/archive/files', {
        year: 2025,
        fileCode: '01.KH',
        title: 'Lại',
        retentionId,
      }),
      409,
      'CASE_FILE_DUPLICATE',
    );
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/close`, {}),
      409,
      'CASE_FILE_EMPTY',
    );
    expectError(
      await call('specialist', 'GET', `/api/archive/files/${randomUUID()}`),
      404,
      'CASE_FILE_NOT_FOUND',
    );
    expectError(
      await call('tl.specialist', 'GET', `/api/archive/files/${fileId}`),
      404,
      'CASE_FILE_NOT_FOUND',
    );

    const doc = await issuedOutgoing(t.db, app.objects, {
      unitId: w.own,
      drafter: {
        userId: w.users.specialist.id,
        username: 'bl.specialist',
        unitId: w.own,
        roles: ['specialist'],
      },
      issuedOn: '2025-03-10',
    });
    const filing = await call('specialist', 'GET', `/api/archive/documents/outgoing/${doc.id}`);
    expect(filing.body).to.include({ fileable: true, file: null });
    expectError(
      await call('specialist', 'GET', `/api/archive/documents/outgoing/${randomUUID()}`),
      404,
      'FILING_DOCUMENT_NOT_FOUND',
    );
    const filed = await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
      sourceKind: 'outgoing',
      sourceId: doc.id,
      pageAmount: 2,
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(200);
    expect(filed.body.documents[0]).to.include({ docOrdinal: 1, sourceId: doc.id });
    expectError(
      await call('clerk', 'POST', `/api/archive/files/${fileId}/documents`, {
        sourceKind: 'outgoing',
        sourceId: doc.id,
      }),
      409,
      'FILING_DOCUMENT_ALREADY_FILED',
    );
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/documents`, {
        sourceKind: 'memo',
        sourceId: doc.id,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('specialist', 'POST', `/api/archive/files/${fileId}/close`, { endDate: '31/12/2025' }),
      400,
      'VALIDATION_FAILED',
    );
    const closed = await call('specialist', 'POST', `/api/archive/files/${fileId}/close`, {
      endDate: '2025-06-30',
    });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    expect(closed.body).to.include({
      status: 'closed',
      startDate: '2025-03-10',
      endDate: '2025-06-30',
      transferDueOn: '2026-06-30',
    });

    expectError(
      await call('specialist', 'POST', '/api/archive/transfers', { fileIds: [] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call('specialist', 'POST', '/api/archive/transfers', { fileIds: [randomUUID()] }),
      404,
      'CASE_FILE_NOT_FOUND',
    );
    const sent = await call('specialist', 'POST', '/api/archive/transfers', { fileIds: [fileId] });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    expectError(
      await call('specialist', 'POST', '/api/archive/transfers', { fileIds: [fileId] }),
      409,
      'CASE_FILE_STATE_INVALID',
    );
    const waiting = await call('archivist', 'GET', '/api/archive/transfers?status=submitted');
    expect(waiting.body.items.map((x: { id: string }) => x.id)).to.deep.equal([sent.body.id]);
    expectError(
      await call('archivist', 'GET', `/api/archive/transfers/${sent.body.id}/handover.pdf`),
      409,
      'TRANSFER_STATE_INVALID',
    );
    expectError(
      await call('archivist', 'POST', `/api/archive/transfers/${sent.body.id}/return`, { reason: '' }),
      400,
      'TRANSFER_INVALID',
    );

    const accepted = await call('archivist', 'POST', `/api/archive/transfers/${sent.body.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body).to.include({ status: 'accepted', recordCount: 1 });
    expectError(
      await call('archivist', 'POST', `/api/archive/transfers/${sent.body.id}/accept`),
      409,
      'TRANSFER_STATE_INVALID',
    );
    const pdf = await app.server.fetch(`/api/archive/transfers/${sent.body.id}/handover.pdf`, {
      headers: await headers(w.users.specialist.username),
    });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    const loaded = await PDFDocument.load(Buffer.from(await pdf.arrayBuffer()));
    expect(loaded.getTitle()).to.contain('Biên bản giao nhận');

    const records = await call('archivist', 'GET', `/api/archive/records?fileId=${fileId}`);
    expect(records.body.items).to.have.length(1);
    expect(records.body.items[0]).to.include({ retainUntil: '2035-06-30', legalHold: false });
    expectError(
      await call('archivist', 'POST', '/api/archive/disposals', {
        recordIds: [records.body.items[0].id],
        reason: 'Hết hạn',
      }),
      409,
      'RETENTION_NOT_ENDED',
    );
    expectError(
      await call('archivist', 'POST', `/api/archive/disposals/${randomUUID()}/execute`),
      404,
      'DISPOSAL_NOT_FOUND',
    );
    const hold = await call(
      'archivist',
      'PUT',
      `/api/archive/records/${records.body.items[0].id}/legal-hold`,
      {
        legalHold: true,
        reason: 'Thanh tra',
      },
    );
    expect(hold.body.legalHold).to.equal(true);
  });
});
