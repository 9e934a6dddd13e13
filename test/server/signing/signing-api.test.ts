import { expect } from 'chai';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../../../signing/pki/certificate';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial, type NameSpec } from '../../../signing/pki/issue-certificate';
import { writePkcs12 } from '../../../signing/pki/write-pkcs12';
import { drawSealPng } from '../../../signing/sign/appearance/draw-png';
import { a4Draft, pdfsig, pdftext } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from './signing-app';

/**
 * The signing engine as an HTTP service (POST /api/signing/sign) and the administration of signing
 * credentials: PKCS#12 uploads checked for password, key, validity and revocation; per-unit scope; PIN
 * lockout; deactivation; stamp images; the place name of the date line.
 */
describe('signing service over HTTP: credentials and POST /api/signing/sign', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  const tokens: Record<string, string> = {};

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk', 'bl.admin', 'cd.specialist'])
      tokens[u] = await tokenFor(app, u);
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const mine = async (user: string, kind: 'user' | 'unit') =>
    (await app.json('GET', '/api/signing/my-credentials', { token: tokens[user] })).body.find(
      (c: { ownerKind: string }) => c.ownerKind === kind,
    );

  async function sign(
    user: string,
    pdf: Buffer,
    query: Record<string, string>,
    pin: string | null = '123456',
  ): Promise<{ status: number; headers: Headers; pdf?: Buffer; body?: any }> {
    const res = await app.fetch(`/api/signing/sign?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent('Quyết định.pdf'),
        ...(pin !== null ? { 'x-signing-pin': encodeURIComponent(pin) } : {}),
      },
      body: new Uint8Array(pdf),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return res.headers.get('content-type') === 'application/pdf'
      ? { status: res.status, headers: res.headers, pdf: bytes }
      : { status: res.status, headers: res.headers, body: JSON.parse(bytes.toString('utf8')) };
  }
  const write = (name: string, bytes: Buffer) => {
    const p = path.join(state.dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  it('signs an uploaded PDF as leader, then seals it with number and date as the unit: both valid for pdfsig', async () => {
    const leader = await mine('bl.leader', 'user');
    const draft = await a4Draft();
    const first = await sign('bl.leader', draft, { credentialId: leader.id, role: 'leader' });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.headers.get('content-disposition')).to.contain(
      "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20%28%C4%91%C3%A3%20k%C3%BD%29.pdf",
    );
    expect(first.headers.get('x-signed-sha256')).to.equal(
      crypto.createHash('sha256').update(first.pdf!).digest('hex'),
    );
    expect(pdfsig(write('api-1.pdf', first.pdf!)).valid).to.equal(1);

    const seal = await mine('bl.clerk', 'unit');
    const second = await sign('bl.clerk', first.pdf!, {
      credentialId: seal.id,
      role: 'org',
      level: 'B-LT',
      number: 'Số: 07/QĐ-UBND',
      date: 'Bến Lức, ngày 03 tháng 3 năm 2026',
    });
    expect(second.status, JSON.stringify(second.body)).to.equal(200);
    const file = write('api-2.pdf', second.pdf!);
    expect(pdfsig(file).valid).to.equal(2);
    expect(pdftext(file)).to.contain('Số: 07/QĐ-UBND').and.to.contain('Bến Lức, ngày 03 tháng 3 năm 2026');
    expect(second.pdf!.subarray(0, first.pdf!.length).equals(first.pdf!)).to.equal(true);
    const audit: { payload: { outputSha256: string; role: string } }[] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'PDF_SIGNED' ORDER BY seq`,
    );
    expect(audit.map((a) => a.payload.role)).to.deep.equal(['leader', 'org']);
    expect(audit[1]!.payload.outputSha256).to.equal(second.headers.get('x-signed-sha256'));
  });

  it('answers who may use which credential: owner only for personal ones, clerks and leaders of the unit for seals', async () => {
    const pdf = await a4Draft();
    const leader = await mine('bl.leader', 'user');
    const seal = await mine('bl.clerk', 'unit');
    const byOther = await sign('bl.clerk', pdf, { credentialId: leader.id, role: 'leader' });
    expect([byOther.status, byOther.body.error.code]).to.deep.equal([404, 'SIGNING_CREDENTIAL_NOT_FOUND']);
    const otherUnit = await sign('cd.specialist', pdf, { credentialId: seal.id, role: 'org' });
    expect([otherUnit.status, otherUnit.body.error.code]).to.deep.equal([
      404,
      'SIGNING_CREDENTIAL_NOT_FOUND',
    ]);
    const specialist = await sign('bl.specialist', pdf, { credentialId: seal.id, role: 'org' });
    expect([specialist.status, specialist.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const wrongRole = await sign('bl.leader', pdf, { credentialId: leader.id, role: 'org' });
    expect([wrongRole.status, wrongRole.body.error.code]).to.deep.equal([400, 'SIGNING_CREDENTIAL_INVALID']);
    const noPin = await sign('bl.leader', pdf, { credentialId: leader.id, role: 'leader' }, null);
    expect([noPin.status, noPin.body.error.code]).to.deep.equal([400, 'SIGNING_PIN_MISSING']);
    const notPdf = await sign('bl.leader', Buffer.from('hello'), { credentialId: leader.id, role: 'leader' });
    expect([notPdf.status, notPdf.body.error.code]).to.deep.equal([400, 'UPLOAD_NOT_PDF']);
  });

  it('locks a credential for 15 minutes after five wrong PINs in a row', async () => {
    const pdf = await a4Draft();
    const seal = await mine('bl.clerk', 'unit');
    for (let i = 1; i <= 4; i++) {
      const r = await sign('bl.clerk', pdf, { credentialId: seal.id, role: 'attachment' }, `sai-${i}`);
      expect([r.status, r.body.error.code]).to.deep.equal([422, 'SIGNING_PIN_INCORRECT']);
      // The signer's words, with what is left before the lock (not the PKCS#12 file's password error).
      expect([r.body.error.messageVi, r.body.error.message, r.body.error.details.attemptsLeft]).to.deep.equal(
        [
          `Mã PIN không đúng. Còn ${5 - i} lần thử trước khi khóa 15 phút.`,
          `Wrong PIN. ${5 - i} attempt${5 - i === 1 ? '' : 's'} left before a 15-minute lock.`,
          5 - i,
        ],
      );
    }
    const fifth = await sign('bl.clerk', pdf, { credentialId: seal.id, role: 'attachment' }, 'sai-5');
    expect([fifth.status, fifth.body.error.code]).to.deep.equal([423, 'SIGNING_PIN_LOCKED']);
    const right = await sign('bl.clerk', pdf, { credentialId: seal.id, role: 'attachment' });
    expect([right.status, right.body.error.code]).to.deep.equal([423, 'SIGNING_PIN_LOCKED']);
    state.clock.advance(15 * 60_000 + 1000);
    const later = await sign('bl.clerk', pdf, {
      credentialId: seal.id,
      role: 'attachment',
      documentNumber: '07/QĐ-UBND',
    });
    expect(later.status).to.equal(200);
    expect(pdftext(write('annex.pdf', later.pdf!))).to.contain('Số: 07/QĐ-UBND');
    const rejected = Number(
      (await t.db.query(`SELECT count(*) AS n FROM audit_events WHERE type = 'SIGNING_PIN_REJECTED'`))[0].n,
    );
    expect(rejected).to.equal(5);
    expect(app.logLines.join('\n')).to.not.match(/sai-\d/);
  });

  it('adds a PKCS#12 credential only with its password, a matching key, a valid and unrevoked certificate; once', async () => {
    const dev = app.dev!;
    const name: NameSpec = [
      ['C', 'VN'],
      ['O', 'Ủy ban nhân dân huyện Bến Lức'],
      ['CN', 'Ủy ban nhân dân huyện Bến Lức'],
    ];
    const upload = (p12: Buffer, password: string, query: Record<string, string> = { unitId: world.own }) =>
      app
        .fetch(`/api/signing/credentials/pkcs12?${new URLSearchParams(query)}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens['bl.admin']}`,
            'content-type': 'application/x-pkcs12',
            'x-signing-pin': encodeURIComponent(password),
          },
          body: new Uint8Array(p12),
        })
        .then(async (r) => ({ status: r.status, body: await r.json() }));

    const now = state.clock.now();
    const make = (o: { notBefore?: Date; notAfter?: Date; mismatch?: boolean; password: string }) => {
      const keys = generateKeyPair('rsa-2048');
      const cert = issueCertificate({
        subject: name,
        publicKey: keys.publicKey,
        issuer: dev.pki.issuingCa.certificate,
        signingKey: dev.pki.issuingCa.key,
        serialNumber: randomSerial(),
        notBefore: o.notBefore ?? new Date(now.getTime() - 3600_000),
        notAfter: o.notAfter ?? new Date(now.getTime() + 365 * 86400_000),
        keyUsage: ['digitalSignature', 'nonRepudiation'],
      });
      const key = o.mismatch ? generateKeyPair('rsa-2048').privateKey : keys.privateKey;
      return {
        cert,
        p12: writePkcs12({
          key,
          certificate: cert,
          chain: [dev.pki.issuingCa.certificate],
          password: o.password,
        }),
      };
    };

    const good = make({ password: 'Mật khẩu dấu đóng' });
    const wrong = await upload(good.p12, 'mat khau');
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([422, 'P12_BAD_PASSWORD']);
    const added = await upload(good.p12, 'Mật khẩu dấu đóng', { unitId: world.own, label: 'Dấu UBND huyện' });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body).to.include({
      ownerKind: 'unit',
      unitId: world.own,
      kind: 'pkcs12',
      label: 'Dấu UBND huyện',
      sha256: good.cert.fingerprint('sha256').toString('hex'),
      serialHex: good.cert.serialHex.toLowerCase(),
    });
    expect(JSON.stringify(added.body)).to.not.contain('Mật khẩu');
    const [{ pkcs12 }] = await t.db.query(`SELECT pkcs12 FROM signing_credentials WHERE id = $1`, [
      added.body.id,
    ]);
    expect((pkcs12 as Buffer).equals(good.p12), 'kept exactly as uploaded').to.equal(true);
    const again = await upload(good.p12, 'Mật khẩu dấu đóng');
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'SIGNING_CREDENTIAL_DUPLICATE']);

    const expired = make({
      password: 'x',
      notBefore: new Date(now.getTime() - 2 * 86400_000),
      notAfter: new Date(now.getTime() - 86400_000),
    });
    expect((await upload(expired.p12, 'x')).body.error.code).to.equal('CERT_EXPIRED');
    const future = make({ password: 'x', notBefore: new Date(now.getTime() + 86400_000) });
    expect((await upload(future.p12, 'x')).body.error.code).to.equal('CERT_NOT_YET_VALID');
    const mismatch = await upload(make({ password: 'x', mismatch: true }).p12, 'x');
    expect([mismatch.status, mismatch.body.error.code]).to.deep.equal([422, 'KEY_CERT_MISMATCH']);
    const revokedOne = make({ password: 'x' });
    await t.db.transaction((m) =>
      dev.recordRevocation(m, revokedOne.cert, { revokedAt: now, reason: 'superseded', recordedBy: null }),
    );
    const revoked = await upload(revokedOne.p12, 'x');
    expect([revoked.status, revoked.body.error.code]).to.deep.equal([422, 'CERT_REVOKED']);
    const garbage = await upload(Buffer.from('not a pkcs12'), 'x');
    expect(garbage.status).to.be.within(400, 422);
    const otherUnit = await upload(make({ password: 'x' }).p12, 'x', { unitId: world.other });
    expect([otherUnit.status, otherUnit.body.error.code]).to.deep.equal([404, 'SIGNING_OWNER_NOT_FOUND']);
    const nobody = await upload(good.p12, 'x', {});
    expect(nobody.status).to.equal(400);
    const notAdmin = await app.fetch(`/api/signing/credentials/pkcs12?unitId=${world.own}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['bl.clerk']}`, 'content-type': 'application/x-pkcs12' },
      body: new Uint8Array(good.p12),
    });
    expect(notAdmin.status).to.equal(403);

    // Usable by the unit's clerk with the file's own password.
    const pdf = await a4Draft();
    const signed = await sign(
      'bl.clerk',
      pdf,
      { credentialId: added.body.id, role: 'attachment' },
      'Mật khẩu dấu đóng',
    );
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    expect(Certificate.from(added.body.certificatePem).equals(good.cert)).to.equal(true);
  });

  it('lists by unit (404 for another unit), deactivates, sets the stamp image and the place name', async () => {
    const admin = tokens['bl.admin'];
    const list = await app.json('GET', `/api/signing/credentials?unit=${world.own}&active=true`, {
      token: admin,
    });
    expect(list.status).to.equal(200);
    expect(list.body.items.length).to.be.greaterThan(1);
    expect(JSON.stringify(list.body)).to.not.match(/"pkcs12":|PRIVATE KEY/);
    expect(
      (await app.json('GET', `/api/signing/credentials?unit=${world.child}`, { token: admin })).status,
    ).to.equal(200);
    const other = await app.json('GET', `/api/signing/credentials?unit=${world.other}`, { token: admin });
    expect([other.status, other.body.error.code]).to.deep.equal([404, 'SIGNING_OWNER_NOT_FOUND']);
    expect(
      (await app.json('GET', `/api/signing/credentials`, { token: tokens['bl.leader'] })).status,
    ).to.equal(403);

    const leader = await mine('bl.leader', 'user');
    const image = await app.fetch(`/api/signing/credentials/${leader.id}/image`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens['bl.leader']}`, 'content-type': 'image/png' },
      body: new Uint8Array(drawSealPng(200)),
    });
    expect(image.status).to.equal(200);
    expect((await image.json()).hasStampImage).to.equal(true);
    const bad = await app.fetch(`/api/signing/credentials/${leader.id}/image`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens['bl.leader']}`, 'content-type': 'image/png' },
      body: 'not an image',
    });
    expect(bad.status).to.equal(400);
    const foreignImage = await app.fetch(`/api/signing/credentials/${leader.id}/image`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens['cd.specialist']}`, 'content-type': 'image/png' },
      body: new Uint8Array(drawSealPng(200)),
    });
    expect(foreignImage.status).to.equal(404);

    const off = await app.json('POST', `/api/signing/credentials/${leader.id}/deactivate`, { token: admin });
    expect(off.body).to.include({ active: false });
    const refused = await sign('bl.leader', await a4Draft(), { credentialId: leader.id, role: 'leader' });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'SIGNING_CREDENTIAL_INACTIVE']);

    const settings = await app.json('GET', `/api/signing/units/${world.own}/settings`, { token: admin });
    expect(settings.body).to.deep.equal({
      unitId: world.own,
      placeName: null,
      effectivePlaceName: 'Bến Lức',
    });
    const child = await app.json('GET', `/api/signing/units/${world.child}/settings`, { token: admin });
    expect(child.body.effectivePlaceName).to.equal('Thạnh Lợi');
    const set = await app.json('PUT', `/api/signing/units/${world.own}/settings`, {
      token: admin,
      json: { placeName: 'Thị trấn Bến Lức' },
    });
    expect(set.body).to.include({ placeName: 'Thị trấn Bến Lức', effectivePlaceName: 'Thị trấn Bến Lức' });
    const invalid = await app.json('PUT', `/api/signing/units/${world.own}/settings`, {
      token: admin,
      json: { placeName: 'Bến Lức, Long An' },
    });
    expect([invalid.status, invalid.body.error.code]).to.deep.equal([400, 'SIGNING_SETTINGS_INVALID']);
    const cleared = await app.json('PUT', `/api/signing/units/${world.own}/settings`, {
      token: admin,
      json: { placeName: null },
    });
    expect(cleared.body.effectivePlaceName).to.equal('Bến Lức');
    expect(
      (await app.json('GET', `/api/signing/units/${world.other}/settings`, { token: admin })).status,
    ).to.equal(404);
  });
});
