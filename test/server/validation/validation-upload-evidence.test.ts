import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { sharedValidationPool } from '../../../workflows/validation/validation-pool';
import { PKI_TIME, testPki } from '../../signing/pki/dev-pki-fixture';
import { draftPdf, signPdf } from '../../signing/validate/signed-pdf-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { tokenOf, tokensFor, upload, userIn, validationWorker } from './validation-support';

const HOUR = 3600_000;

/**
 * Offline revocation evidence with an uploaded PDF (issue 9 item 11): POST /api/validation/validate as
 * multipart/form-data (`file`, repeatable `crl` / `ocsp`) and batches created with `crls` / `ocsps`. The
 * PDF embeds only the root's CRL; the issuing CA's CRLs come from the auditor: one revoking the signer an
 * hour after it signed (no proof of existence: REVOKED), one that does not.
 */
describe('validation of an upload with offline revocation evidence (multipart) and batches with evidence', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let auditor: string;
  let pdf: Buffer;
  let goodCrl: Buffer;
  let revokingCrl: Buffer;

  before(async () => {
    const pki = await testPki('ec-p256');
    const rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    const issuing = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    goodCrl = issuing.issue(PKI_TIME);
    issuing.revoke(pki.leader.certificate.serialNumber, new Date(PKI_TIME.getTime() + HOUR), 'keyCompromise');
    revokingCrl = issuing.issue(new Date(PKI_TIME.getTime() + 2 * HOUR));
    pdf = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls: [rootCrl] });
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    app.clock.set(new Date(PKI_TIME.getTime() + 24 * HOUR));
    auditor = (await tokensFor(app.server, world)).auditor;
    await userIn(t.db, world.province, 'mp.admin', ['admin']);
    const added = await app.server.json('POST', '/api/admin/trust/anchors', {
      json: { pem: pki.root.certificate.toPem() },
      headers: { authorization: `Bearer ${await tokenOf(app.server, 'mp.admin')}` },
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
  });
  after(async () => app?.close());

  /** Temporary upload files of this process (the server runs in it): none may stay behind. */
  const leftovers = () =>
    fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`vanban-upload-${process.pid}-`));

  const multipart = async (
    parts: [name: string, value: Buffer | string, fileName?: string][],
    query = '?offline=true',
  ): Promise<{ status: number; body: any }> => {
    const form = new FormData();
    for (const [name, value, fileName] of parts)
      if (typeof value === 'string' && fileName === undefined) form.append(name, value);
      else
        form.append(
          name,
          new Blob([typeof value === 'string' ? value : new Uint8Array(value)]),
          fileName ?? 'blob',
        );
    const res = await app.server.fetch(`/api/validation/validate${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const signature = (r: { body: any }) => r.body.report.validation.signatures[0];

  it('a signature revoked by the auditor’s CRL (multipart `crl` part): TOTAL_FAILED / REVOKED, source "offline"; the part’s file name is the report’s', async () => {
    const before = leftovers();
    const r = await multipart([
      ['file', pdf, 'Quyết định 12.pdf'],
      ['crl', revokingCrl, 'issuing-ca.crl'],
    ]);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(signature(r)).to.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(signature(r).chain[0]).to.include({ revocation: 'revoked', revocationSource: 'offline' });
    expect(r.body.record).to.include({
      fileName: 'Quyết định 12.pdf',
      source: 'upload',
      indication: 'TOTAL_FAILED',
    });
    expect(r.body.report.file.size).to.equal(pdf.length);

    // The same CRL in PEM as a text part, and a CRL that does not list the signer: TOTAL_PASSED, offline.
    const pem = `-----BEGIN X509 CRL-----\n${goodCrl.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
    const good = await multipart([
      ['file', pdf, 'qd.pdf'],
      ['crl', pem],
    ]);
    expect(good.status, JSON.stringify(good.body)).to.equal(200);
    expect(signature(good).indication).to.equal('TOTAL_PASSED');
    expect(signature(good).chain[0]).to.include({ revocation: 'good', revocationSource: 'offline' });

    // Multipart without evidence: what the file embeds only (the signer's status unknown).
    const none = await multipart([['file', pdf, 'qd.pdf']]);
    expect(signature(none).subIndication).to.equal('TRY_LATER');
    expect(leftovers()).to.deep.equal(before);
  });

  it('bad parts are 400 with a code and a message in both languages, and leave no file behind', async () => {
    const before = leftovers();
    const cases: [string, [string, Buffer | string, string?][], number, string][] = [
      [
        'junk CRL',
        [
          ['file', pdf, 'a.pdf'],
          ['crl', Buffer.from('không phải CRL'), 'x.crl'],
        ],
        400,
        'REVOCATION_EVIDENCE_INVALID',
      ],
      [
        'junk OCSP',
        [
          ['file', pdf, 'a.pdf'],
          ['ocsp', Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x00]), 'x.der'],
        ],
        400,
        'REVOCATION_EVIDENCE_INVALID',
      ],
      [
        'unknown part',
        [
          ['file', pdf, 'a.pdf'],
          ['cert', Buffer.from('x'), 'c.pem'],
        ],
        400,
        'UPLOAD_MULTIPART_INVALID',
      ],
      ['no file part', [['crl', goodCrl, 'x.crl']], 400, 'UPLOAD_MULTIPART_INVALID'],
      [
        'two file parts',
        [
          ['file', pdf, 'a.pdf'],
          ['file', pdf, 'b.pdf'],
        ],
        400,
        'UPLOAD_MULTIPART_INVALID',
      ],
      ['file as a text field', [['file', 'chỉ là chữ']], 400, 'UPLOAD_MULTIPART_INVALID'],
      [
        '51 CRL parts',
        [
          ['file', pdf, 'a.pdf'],
          ...Array.from({ length: 51 }, () => ['crl', goodCrl, 'x.crl'] as [string, Buffer, string]),
        ],
        400,
        'UPLOAD_MULTIPART_INVALID',
      ],
      [
        'a CRL part over 4 MiB',
        [
          ['file', pdf, 'a.pdf'],
          ['crl', Buffer.alloc(4 * 1024 * 1024 + 1), 'big.crl'],
        ],
        400,
        'UPLOAD_MULTIPART_INVALID',
      ],
      [
        'not a PDF',
        [
          ['file', Buffer.from('hello'), 'a.pdf'],
          ['crl', goodCrl, 'x.crl'],
        ],
        400,
        'UPLOAD_NOT_PDF',
      ],
    ];
    for (const [label, parts, status, code] of cases) {
      const r = await multipart(parts);
      expect([r.status, r.body?.error?.code], `${label}: ${JSON.stringify(r.body)}`).to.deep.equal([
        status,
        code,
      ]);
      expect(r.body.error.message, label).to.be.a('string').and.not.equal('');
      expect(r.body.error.messageVi, label).to.be.a('string').and.not.equal(r.body.error.message);
    }
    const junk = await multipart([
      ['file', pdf, 'a.pdf'],
      ['crl', goodCrl, 'ok.crl'],
      ['crl', Buffer.from('rác'), 'x.crl'],
    ]);
    expect(junk.body.error.messageVi).to.contain('crls[1]');
    // A broken multipart body (no closing boundary) is a 400 too, never a 500.
    const broken = await app.server.fetch('/api/validation/validate', {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}`, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 cut',
    });
    expect(broken.status).to.equal(400);
    const noBoundary = await app.server.fetch('/api/validation/validate', {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}`, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect([noBoundary.status, (await noBoundary.json()).error.code]).to.deep.equal([
      400,
      'UPLOAD_MULTIPART_INVALID',
    ]);
    expect(leftovers()).to.deep.equal(before);
  });

  it('the PDF part has the raw upload’s size limit: over it, 413 while streaming, and nothing is kept', async () => {
    const small = await startApp(t.db, { uploadLimitBytes: pdf.length + 1000 });
    try {
      const before = leftovers();
      const token = await tokenOf(small.server, world.users.auditor.username);
      const send = async (file: Buffer) => {
        const form = new FormData();
        form.append('crl', new Blob([new Uint8Array(goodCrl)]), 'x.crl');
        form.append('file', new Blob([new Uint8Array(file)]), 'big.pdf');
        const res = await small.server.fetch('/api/validation/validate?offline=true', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: form,
        });
        return { status: res.status, body: await res.json() };
      };
      const fits = await send(pdf);
      expect(fits.status, JSON.stringify(fits.body)).to.equal(200);
      const big = await send(Buffer.concat([pdf, Buffer.alloc(200_000, 0x20)]));
      expect([big.status, big.body.error.code]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE']);
      expect(leftovers()).to.deep.equal(before);
    } finally {
      await small.close();
    }
  });

  it('the raw-body upload is unchanged; a route without multipart still refuses it (415); the OpenAPI document lists the parts', async () => {
    const raw = await upload(app.server, '/api/validation/validate?offline=true', auditor, pdf, 'raw.pdf');
    expect(raw.status, JSON.stringify(raw.body)).to.equal(200);
    expect(raw.body.record.fileName).to.equal('raw.pdf');
    expect(signature(raw).subIndication).to.equal('TRY_LATER');

    const batch = await app.server.json('POST', '/api/validation/batches', {
      json: { name: 'Lô không bằng chứng' },
      headers: { authorization: `Bearer ${auditor}` },
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)]), 'a.pdf');
    const refused = await app.server.fetch(`/api/validation/batches/${batch.body.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor}` },
      body: form,
    });
    expect([refused.status, (await refused.json()).error.code]).to.deep.equal([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);

    const doc = await app.server.json('GET', '/api/openapi.json');
    const op = doc.body.paths['/api/validation/validate'].post;
    expect(Object.keys(op.requestBody.content)).to.deep.equal(['application/pdf', 'multipart/form-data']);
    const schema = op.requestBody.content['multipart/form-data'].schema;
    expect(schema.required).to.deep.equal(['file']);
    expect(Object.keys(schema.properties)).to.deep.equal(['file', 'crl', 'ocsp']);
    expect(schema.properties.crl.maxItems).to.equal(50);
  });

  it('a batch with evidence given once: every file (stored by upload) is validated with it; bad evidence refuses the batch', async () => {
    const bad = await app.server.json('POST', '/api/validation/batches', {
      json: { name: 'Lô sai', crls: [Buffer.from('rác').toString('base64')] },
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'REVOCATION_EVIDENCE_INVALID']);
    expect(bad.body.error.messageVi).to.contain('crls[0]');
    const batches: { c: number }[] = await t.db.query(
      `SELECT count(*)::int AS c FROM validation_batches WHERE name = 'Lô sai'`,
    );
    expect(batches[0]!.c).to.equal(0);

    const created = await app.server.json('POST', '/api/validation/batches', {
      json: { name: 'Lô có CRL', offline: true, crls: [revokingCrl.toString('base64')] },
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.evidence).to.deep.equal({ crls: 1, ocsps: 0 });
    const plain = await app.server.json('POST', '/api/validation/batches', {
      json: { name: 'Lô không CRL', offline: true },
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(plain.body.evidence).to.deep.equal({ crls: 0, ocsps: 0 });
    for (const id of [created.body.id, plain.body.id])
      for (const name of ['mot.pdf', 'hai.pdf']) {
        const added = await upload(app.server, `/api/validation/batches/${id}/files`, auditor, pdf, name);
        expect(added.status, JSON.stringify(added.body)).to.equal(201);
      }

    const worker = validationWorker(t.db, app.clock, {
      objects: app.objects,
      pool: sharedValidationPool(),
      trust: { mode: 'development' },
    });
    try {
      expect(await worker.runDue()).to.deep.equal(['done', 'done', 'done', 'done']);
    } finally {
      await worker.stop();
    }
    const get = (id: string) =>
      app.server.json('GET', `/api/validation/batches/${id}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
    const withCrl = await get(created.body.id);
    expect(withCrl.body.files.map((f: any) => [f.fileName, f.verdict])).to.deep.equal([
      ['mot.pdf', 'TOTAL_FAILED'],
      ['hai.pdf', 'TOTAL_FAILED'],
    ]);
    const report = await app.server.json('GET', `/api/validation/reports/${withCrl.body.files[1].reportId}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(signature(report)).to.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(signature(report).chain[0]).to.include({ revocation: 'revoked', revocationSource: 'offline' });
    const without = await get(plain.body.id);
    expect(without.body.files.map((f: any) => f.verdict)).to.deep.equal(['INDETERMINATE', 'INDETERMINATE']);

    const audit: { payload: any }[] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'VALIDATION_BATCH_CREATED' AND payload->>'batchId' = $1`,
      [created.body.id],
    );
    expect(audit[0]!.payload.evidence).to.deep.equal({ crls: 1, ocsps: 0 });
  });
});
