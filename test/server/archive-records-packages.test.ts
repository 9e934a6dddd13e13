import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { archivedFileOverHttp } from './support/archived-file-http';
import { startApp, type RunningApp } from './support/world';

/** Archival packages over HTTP: export as a job with progress, download, import; 4xx with a code for each refusal. */
describe('server/routes/archive-package-routes (issue 11 item 8)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  const fx = archivedFileOverHttp(t, 'Hồ sơ thử xuất gói');
  const { call, expectError, headers } = fx;
  let app: RunningApp;
  let fileId: string;
  before(() => {
    ({ app, fileId } = fx);
  });

  const upload = async (role: Role, bytes: Buffer, type = 'application/x-tar') =>
    app.server.json('POST', '/api/archive/packages/import', {
      headers: { ...(await headers(role)), 'content-type': type },
      rawBody: bytes,
    });

  let pkg: Buffer;
  let replicaBytes: Buffer;

  it('exports a file as a job with progress, then the tar downloads', async () => {
    expect((await app.server.json('POST', '/api/archive/packages', { json: { fileId } })).status).to.equal(
      401,
    );
    expectError(await call('specialist', 'POST', '/api/archive/packages', { fileId }), 403, 'FORBIDDEN');
    expectError(await call('archivist', 'POST', '/api/archive/packages', {}), 400, 'VALIDATION_FAILED');
    expectError(
      await call('archivist', 'POST', '/api/archive/packages', { fileId: randomUUID() }),
      404,
      'CASE_FILE_NOT_FOUND',
    );
    expectError(
      await call('archivist', 'POST', '/api/archive/packages', { recordIds: [randomUUID()] }),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    const started = await call('archivist', 'POST', '/api/archive/packages', { fileId });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    expect(started.body).to.include({ records: 1 });
    let job = started.body;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('archivist', 'GET', `/api/archive/packages/${started.body.id}`)).body;
    }
    expect(job).to.include({ status: 'finished', state: 'done', error: null });
    expect(job.bytesDone).to.equal(job.bytesTotal).and.greaterThan(0);
    expect(job.packageSha256).to.match(/^[0-9a-f]{64}$/);
    // The job is a row: a second app instance on the same database answers its progress and download.
    const replica = await startApp(t.db);
    try {
      const seen = await replica.server.json('GET', `/api/archive/packages/${job.id}`, {
        headers: await headers('archivist'),
      });
      expect(seen.status).to.equal(200);
      expect(seen.body).to.deep.equal(job);
      // Replicas share one object store; the test apps each have their own: copy the package across.
      await replica.objects.put(await app.objects.get(job.packageSha256 as string));
      const viaReplica = await replica.server.fetch(`/api/archive/packages/${job.id}/download`, {
        headers: await headers('archivist'),
      });
      expect(viaReplica.status).to.equal(200);
      replicaBytes = Buffer.from(await viaReplica.arrayBuffer());
    } finally {
      await replica.close();
    }
    // Another person does not see the job.
    expectError(await call('auditor', 'GET', `/api/archive/packages/${job.id}`), 404, 'PACKAGE_NOT_FOUND');
    const res = await app.server.fetch(`/api/archive/packages/${job.id}/download`, {
      headers: await headers('archivist'),
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/x-tar');
    pkg = Buffer.from(await res.arrayBuffer());
    expect(pkg.equals(replicaBytes)).to.equal(true);
    expect(pkg.subarray(257, 262).toString()).to.equal('ustar');
    expect(pkg.toString('latin1')).to.contain('/METS.xml');

    // Past its retention the export is expired (workflows/archive/package-expiry.ts): the row says so
    // and the download answers 410 with a code and a message, never the bytes.
    await t.db.query(
      `UPDATE archive_package_exports SET status = 'expired', expired_at = now() WHERE id = $1`,
      [job.id],
    );
    const expired = await call('archivist', 'GET', `/api/archive/packages/${job.id}`);
    expect(expired.body).to.include({ state: 'expired', status: 'failed', error: 'PACKAGE_EXPIRED' });
    expect(expired.body.expiredAt).to.be.a('string');
    const gone = await app.server.json('GET', `/api/archive/packages/${job.id}/download`, {
      headers: await headers('archivist'),
    });
    expectError(gone, 410, 'PACKAGE_EXPIRED');
    expect(gone.body.error.message).to.contain('export it again');
    expect(gone.body.error.messageVi).to.contain('hết hạn');
  });

  it('import refuses the same package again (409), a tampered one (422, the file named), and other media types', async () => {
    expectError(await upload('specialist', pkg), 403, 'FORBIDDEN');
    expectError(await upload('archivist', pkg), 409, 'PACKAGE_ALREADY_IMPORTED');
    // METS.xml comes before the metadata: a changed byte in it is found before anything is written.
    // (A changed object is the workflow test's: test/workflows/archive/package-round-trip.test.ts.)
    const tampered = Buffer.from(pkg);
    const at = tampered.indexOf('<mets:metsHdr');
    tampered[at + 3] ^= 0x01;
    const r = await upload('archivist', tampered);
    expectError(r, 422, 'PACKAGE_HASH_MISMATCH');
    expect(r.body.error.details.file).to.equal('METS.xml');
    expect(r.body.error.messageVi).to.contain('METS.xml');
    expectError(await upload('archivist', Buffer.alloc(512, 1)), 400, 'PACKAGE_INVALID');
    expect((await upload('archivist', pkg, 'application/zip')).status).to.equal(415);
  });

  it('an auditor validates an archived record on the server from the stored object (no download and upload)', async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    expectError(
      await call('specialist', 'POST', `/api/archive/records/${rec!.id}/validate`),
      403,
      'FORBIDDEN',
    );
    expectError(
      await call('auditor', 'POST', `/api/archive/records/${randomUUID()}/validate`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    const r = await call('auditor', 'POST', `/api/archive/records/${rec!.id}/validate`);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(200);
    const [pdf] = (await t.db.query(
      `SELECT id, sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision' ORDER BY created_at DESC, size DESC, id LIMIT 1`,
      [rec!.id],
    )) as { id: string; sha256: string }[];
    expect(r.body.objectId).to.equal(pdf!.id);
    // The fixture's PDF is not a signed PDF: the validator ran on exactly those bytes and said so.
    expect(r.body.report.file.sha256).to.equal(pdf!.sha256);
    expect(r.body.report.status).to.be.oneOf(['UNREADABLE', 'NO_SIGNATURE']);
    const rows: unknown[] = await t.db.query(
      `SELECT 1 FROM validation_reports WHERE id = $1 AND pdf_sha256 = $2 AND source = 'stored'`,
      [r.body.record.id, pdf!.sha256],
    );
    expect(rows).to.have.length(1);
  });
});
