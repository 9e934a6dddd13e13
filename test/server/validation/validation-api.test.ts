import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SHIPPED_ANCHORS } from '../../../signing/pki/trust/shipped-anchors';
import { sharedValidationPool } from '../../../workflows/validation/validation-pool';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { useTestDatabase } from '../../support/postgres';
import {
  VARIANTS,
  signedDocuments,
  xrefBomb,
  type SignedDocuments,
} from '../../workflows/validation/signed-documents';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import {
  sha256Of,
  storeIncoming,
  tokenOf,
  tokensFor,
  upload,
  userIn,
  validationWorker,
} from './validation-support';

/**
 * The validation API end to end: uploads, report downloads (JSON, HTML, PDF), batches run by the job
 * worker, trust configuration — against a real database, object store, worker threads and documents
 * signed by the signing engine with the test PKI.
 */
describe('validation API', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let docs: SignedDocuments;
  let tokens: Awaited<ReturnType<typeof tokensFor>>;
  /** Trust is changed by an admin of the top-level unit only (issue 10 item 1). */
  let trustAdmin: string;
  let dir: string;

  const get = (p: string, token = tokens.auditor) =>
    app.server.json('GET', p, { headers: { authorization: `Bearer ${token}` } });
  const send = (method: string, p: string, json: unknown, token = tokens.admin) =>
    app.server.json(method, p, { json, headers: { authorization: `Bearer ${token}` } });
  const validate = (pdf: Buffer, name = 'van-ban.pdf', query = '') =>
    upload(app.server, `/api/validation/validate${query}`, tokens.auditor, pdf, name);
  const verdicts = (body: any) =>
    body.report.validation.signatures.map((s: any) => [s.fieldName, s.indication, s.subIndication ?? null]);

  before(async () => {
    docs = await signedDocuments();
    dir = tempDir('validation-api');
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    app.clock.set(docs.at); // the test PKI's time: everything in the sequence is valid then
    tokens = await tokensFor(app.server, world);
    await userIn(t.db, world.province, 'la.admin', ['admin']);
    trustAdmin = await tokenOf(app.server, 'la.admin');
  });
  after(async () => app?.close());

  it('without the test root among the anchors: intact signatures, INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const r = await validate(docs.sequence);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.report.indication).to.equal('INDETERMINATE');
    for (const s of r.body.report.validation.signatures) {
      expect(s.intact).to.equal(true);
      expect(s.subIndication).to.equal('NO_CERTIFICATE_CHAIN_FOUND');
    }
  });

  it('trust configuration: the four shipped Vietnamese anchors with their pinned fingerprints; an admin adds the test root', async () => {
    const before = await get('/api/admin/trust');
    expect(before.status).to.equal(200);
    expect(
      before.body.anchors.filter((a: any) => a.source === 'shipped').map((a: any) => a.sha256),
    ).to.deep.equal(SHIPPED_ANCHORS.map((a) => a.sha256));
    expect(before.body.anchors.some((a: any) => a.source === 'development')).to.equal(false);
    expect(before.body.revocationHosts).to.deep.equal([]);

    const added = await send(
      'POST',
      '/api/admin/trust/anchors',
      {
        pem: docs.rootPem,
        label: 'PKI thử nghiệm',
      },
      trustAdmin,
    );
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body).to.deep.include({ source: 'admin', removable: true, description: 'PKI thử nghiệm' });
    expect(added.body.sha256).to.equal(docs.pki.root.certificate.fingerprint('sha256').toString('hex'));

    expect(
      (await send('POST', '/api/admin/trust/anchors', { pem: docs.rootPem }, trustAdmin)).body.error.code,
    ).to.equal('TRUST_ANCHOR_DUPLICATE');
    const leaf = await send(
      'POST',
      '/api/admin/trust/anchors',
      { pem: docs.pki.leader.certificate.toPem() },
      trustAdmin,
    );
    expect([leaf.status, leaf.body.error.code]).to.deep.equal([400, 'TRUST_ANCHOR_INVALID']);
    const junk = await send('POST', '/api/admin/trust/anchors', { pem: 'not a certificate' }, trustAdmin);
    expect([junk.status, junk.body.error.code]).to.deep.equal([400, 'TRUST_ANCHOR_INVALID']);
    const shipped = await send(
      'DELETE',
      `/api/admin/trust/anchors/${SHIPPED_ANCHORS[0].sha256}`,
      undefined,
      trustAdmin,
    );
    expect([shipped.status, shipped.body.error.code]).to.deep.equal([409, 'TRUST_ANCHOR_NOT_REMOVABLE']);
    const auditor = await send('POST', '/api/admin/trust/anchors', { pem: docs.rootPem }, tokens.auditor);
    expect(auditor.status).to.equal(403);
  });

  it('the Decree 30 sequence signed by the engine: TOTAL_PASSED, leader FORM_FILLING, seal LTA_UPDATES, report conforming to its schema', async () => {
    const r = await validate(docs.sequence, 'Quyết định 3.pdf');
    expect(r.status).to.equal(200);
    expect(r.body.record).to.deep.include({
      status: 'VALIDATED',
      indication: 'TOTAL_PASSED',
      source: 'upload',
      fileName: 'Quyết định 3.pdf',
      pdfSha256: sha256Of(docs.sequence),
      signatures: 3,
    });
    const byField = Object.fromEntries(r.body.report.validation.signatures.map((s: any) => [s.fieldName, s]));
    expect(byField.chu_ky_lanh_dao).to.deep.include({
      indication: 'TOTAL_PASSED',
      modificationLevel: 'FORM_FILLING',
    });
    expect(byField.chu_ky_co_quan).to.deep.include({
      indication: 'TOTAL_PASSED',
      modificationLevel: 'LTA_UPDATES',
    });
    expect(byField.dau_thoi_gian).to.deep.include({ indication: 'TOTAL_PASSED', kind: 'document-timestamp' });
    expect(r.body.report.validation.lastRevisionCovered).to.equal(true);
    const schema = await get('/api/validation/report-schema.json');
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    const conforms = ajv.compile(schema.body);
    expect(conforms(r.body.report), JSON.stringify(conforms.errors)).to.equal(true);
  });

  const expectedFailures: Record<string, [string, string]> = {
    'one-byte': ['chu_ky_lanh_dao', 'HASH_FAILURE'],
    'content-revision': ['chu_ky_lanh_dao', 'FORMAT_FAILURE'],
    'byte-range': ['chu_ky_lanh_dao', 'FORMAT_FAILURE'],
    'no-contents': ['chu_ky_lanh_dao', 'FORMAT_FAILURE'],
    overlay: ['chu_ky_lanh_dao', 'FORMAT_FAILURE'],
  };
  for (const variant of VARIANTS) {
    it(`the same document with ${variant}: TOTAL_FAILED (${expectedFailures[variant][1]} for the leader)`, async () => {
      const r = await validate(docs.variants[variant], `${variant}.pdf`);
      expect(r.status).to.equal(200);
      expect(r.body.record.indication).to.equal('TOTAL_FAILED');
      const leader = r.body.report.validation.signatures.find(
        (s: any) => s.fieldName === expectedFailures[variant][0],
      );
      expect([leader.indication, leader.subIndication], JSON.stringify(verdicts(r.body))).to.deep.equal([
        'TOTAL_FAILED',
        expectedFailures[variant][1],
      ]);
      for (const s of r.body.report.validation.signatures)
        expect(s.indication).to.not.equal('TOTAL_PASSED', s.fieldName);
      if (variant === 'content-revision' || variant === 'overlay') {
        expect(leader.intact).to.equal(true);
        expect(leader.modificationLevel).to.equal('OTHER');
      }
    });
  }

  it('an annotation overlay after a certification signature (DocMDP P=2): TOTAL_FAILED', async () => {
    const r = await validate(docs.certifiedOverlay);
    expect(r.body.record.indication).to.equal('TOTAL_FAILED');
    expect(r.body.report.validation.signatures[0]).to.deep.include({
      docMdpPermissions: 2,
      modificationLevel: 'ANNOTATIONS',
    });
  });

  it('hostile and broken files: never a crash or a hang — UNREADABLE, or ABORTED as INDETERMINATE', async () => {
    const notPdf = await validate(Buffer.from('<html></html>'));
    expect([notPdf.status, notPdf.body.error.code]).to.deep.equal([400, 'UPLOAD_NOT_PDF']);
    const broken = await validate(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'));
    expect(broken.status).to.equal(200);
    expect(broken.body.record).to.deep.include({ status: 'UNREADABLE', indication: null });
    // 6.5 million cross-reference entries: more heap than a validation thread may use (512 MiB).
    const bomb = await validate(xrefBomb(6_500_000), 'bom.pdf');
    expect(bomb.status).to.equal(200);
    expect(bomb.body.record).to.deep.include({ status: 'ABORTED', indication: 'INDETERMINATE' });
    expect(bomb.body.report.problem.code).to.equal('VALIDATION_MEMORY_LIMIT');
    // The server goes on validating.
    expect((await validate(docs.sequence)).body.record.indication).to.equal('TOTAL_PASSED');
  });

  it('`at`: validated at a moment before the certificates existed → INDETERMINATE NOT_YET_VALID', async () => {
    const r = await validate(docs.sequence, 'x.pdf', '?at=2025-01-01T00:00:00Z&offline=true');
    expect(r.body.report.settings).to.deep.include({
      validationTime: '2025-01-01T00:00:00.000Z',
      revocation: 'offline',
    });
    expect(r.body.report.validation.signatures[0].subIndication).to.equal('NOT_YET_VALID');
  });

  it('report downloads: PDF (pdftotext reads the Vietnamese verdict), self-contained HTML, the JSON itself', async () => {
    const r = await validate(docs.variants['content-revision'], 'Sửa đổi.pdf');
    const id = r.body.record.id;
    const headers = { authorization: `Bearer ${tokens.auditor}` };
    const pdf = await app.server.fetch(`/api/validation/reports/${id}/download?format=pdf`, { headers });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect(pdf.headers.get('content-disposition')).to.match(
      /^attachment; filename="bao-cao-kiem-tra-[0-9a-f]{12}\.pdf"/,
    );
    const file = path.join(dir, 'bao-cao.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).to.contain('Tài liệu đã bị sửa đổi sau khi ký');
    expect(text).to.contain('Sửa đổi.pdf');
    expect(pdf.headers.get('x-frame-options')).to.equal('DENY');
    // Shown inline, the PDF report may be framed by this origin's pages, and only then.
    const inline = await app.server.fetch(
      `/api/validation/reports/${id}/download?format=pdf&disposition=inline`,
      {
        headers,
      },
    );
    expect([inline.status, inline.headers.get('content-disposition')?.split(';')[0]]).to.deep.equal([
      200,
      'inline',
    ]);
    expect(inline.headers.get('content-security-policy')).to.equal("frame-ancestors 'self'");
    expect(inline.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    await inline.arrayBuffer();

    const html = await app.server.fetch(`/api/validation/reports/${id}/download?format=html&lang=en`, {
      headers,
    });
    expect(html.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).to.contain("default-src 'none'");
    expect(html.headers.get('content-security-policy')).to.contain("frame-ancestors 'none'");
    const body = await html.text();
    expect(body).to.contain('The document was modified after signing');
    expect(body).to.not.contain('<script');

    const json = await app.server.fetch(`/api/validation/reports/${id}/download?format=json`, { headers });
    expect(JSON.parse(await json.text())).to.deep.equal(r.body.report);
    expect((await get(`/api/validation/reports/${id}`)).body.report).to.deep.equal(r.body.report);
  });

  it('a batch: stored documents and uploads, progress done/total, per-file verdicts, run by the job worker', async () => {
    const stored = await storeIncoming(t.db, app.objects, world.own, docs.sequence, 1);
    const created = await send(
      'POST',
      '/api/validation/batches',
      { name: 'Lô tháng 3', documents: [stored] },
      tokens.auditor,
    );
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id;
    for (const [name, pdf] of [
      ['mot-byte.pdf', docs.variants['one-byte']],
      ['chen-lop-phu.pdf', docs.variants.overlay],
    ] as const) {
      const added = await upload(
        app.server,
        `/api/validation/batches/${id}/files`,
        tokens.auditor,
        pdf,
        name,
      );
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
    }
    const pending = await get(`/api/validation/batches/${id}`);
    expect(pending.body.progress).to.deep.equal({ total: 3, done: 0, failed: 0, pending: 3 });
    expect(pending.body.files.map((f: any) => f.state)).to.deep.equal(['queued', 'queued', 'queued']);

    const worker = validationWorker(t.db, app.clock, {
      objects: app.objects,
      pool: sharedValidationPool(),
      trust: { mode: 'development' },
    });
    try {
      expect(await worker.runDue()).to.deep.equal(['done', 'done', 'done']);
    } finally {
      await worker.stop();
    }
    const done = await get(`/api/validation/batches/${id}`);
    expect(done.body.progress).to.deep.equal({ total: 3, done: 3, failed: 0, pending: 0 });
    expect(
      done.body.files.map((f: any) => [f.fileName?.split(' — ')[0] ?? null, f.state, f.verdict]),
    ).to.deep.equal([
      ['01/QĐ-UBND', 'done', 'TOTAL_PASSED'],
      ['mot-byte.pdf', 'done', 'TOTAL_FAILED'],
      ['chen-lop-phu.pdf', 'done', 'TOTAL_FAILED'],
    ]);
    expect(done.body.verdicts).to.deep.include({ TOTAL_PASSED: 1, TOTAL_FAILED: 2 });
    const report = await get(`/api/validation/reports/${done.body.files[1].reportId}`);
    expect(report.body.record).to.deep.include({ source: 'batch', batchId: id });
    const list = await get('/api/validation/batches');
    expect(list.body.items[0]).to.deep.include({ id, name: 'Lô tháng 3', total: 3, done: 3 });
  });

  it('every validation, batch and trust change is in the audit trail', async () => {
    const rows: { type: string }[] = await t.db.query(`SELECT DISTINCT type FROM audit_events`);
    expect(rows.map((r) => r.type)).to.include.members([
      'SIGNATURE_VALIDATED',
      'VALIDATION_BATCH_CREATED',
      'VALIDATION_BATCH_FILE_ADDED',
      'TRUST_ANCHOR_ADDED',
    ]);
    const chain = await send('POST', '/api/admin/audit/verify', undefined);
    expect(chain.body.ok).to.equal(true);
  });

  it('removing the admin anchor: the engine-signed document is INDETERMINATE again; revocation hosts are an admin setting', async () => {
    const sha = docs.pki.root.certificate.fingerprint('sha256').toString('hex');
    expect((await send('DELETE', `/api/admin/trust/anchors/${sha}`, undefined, trustAdmin)).status).to.equal(
      204,
    );
    expect(
      (await send('DELETE', `/api/admin/trust/anchors/${sha}`, undefined, trustAdmin)).body.error.code,
    ).to.equal('TRUST_ANCHOR_NOT_FOUND');
    expect((await validate(docs.sequence)).body.record.indication).to.equal('INDETERMINATE');

    const hosts = await send(
      'PUT',
      '/api/admin/trust/revocation-hosts',
      {
        hosts: ['CRL.ca.gov.vn', 'ocsp.vnpt-ca.vn'],
      },
      trustAdmin,
    );
    expect(hosts.body.hosts).to.deep.equal(['crl.ca.gov.vn', 'ocsp.vnpt-ca.vn']);
    expect((await get('/api/admin/trust')).body.revocationHosts).to.deep.equal([
      'crl.ca.gov.vn',
      'ocsp.vnpt-ca.vn',
    ]);
    const bad = await send('PUT', '/api/admin/trust/revocation-hosts', { hosts: ['http://x/'] }, trustAdmin);
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'REVOCATION_HOST_INVALID']);
    // With hosts allowed the report says online; the test PKI's loopback services stay unreachable.
    const online = await validate(docs.sequence);
    expect(online.body.report.settings.revocation).to.equal('online');
    await send('PUT', '/api/admin/trust/revocation-hosts', { hosts: [] }, trustAdmin);
  });

  it('the development root is trusted in development mode only', async () => {
    const rootFile = path.join(dir, 'root-ca.pem');
    fs.writeFileSync(rootFile, docs.rootPem);
    for (const mode of ['development', 'production'] as const) {
      const other = await startApp(t.db, { mode, devMode: false, validation: { devRootPath: rootFile } });
      try {
        other.clock.set(docs.at);
        const token = (await tokensFor(other.server, world)).auditor;
        const trust = await other.server.json('GET', '/api/admin/trust', {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(trust.body.mode).to.equal(mode);
        expect(
          trust.body.anchors.some((a: any) => a.source === 'development'),
          mode,
        ).to.equal(mode === 'development');
        const r = await upload(other.server, '/api/validation/validate', token, docs.sequence);
        expect(r.body.record.indication).to.equal(mode === 'development' ? 'TOTAL_PASSED' : 'INDETERMINATE');
      } finally {
        await other.close();
      }
    }
  });
});
