import { expect } from 'chai';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../../../signing/pki/certificate';
import { HttpTimestampClient } from '../../../signing/pki/http-timestamp-client';
import { parseTstInfo } from '../../../signing/pki/timestamp-token';
import { ocspRequest } from '../../../signing/sign/revocation-data-source';
import { CertificateRevocationList } from '../../../signing/validate/certificate-revocation-list';
import { OcspResponse } from '../../../signing/validate/ocsp-response';
import { openssl } from '../../signing/pki/dev-pki-fixture';
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
 * The development CA's services at the URLs its certificates name, called with real protocol clients:
 * openssl (crl, ocsp -url, ts -verify), our RFC 3161 HTTP client, and a GET OCSP request; and the
 * same paths in production mode, where they do not exist.
 */
describe('development PKI services (CRL, OCSP, TSA) over HTTP', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  let admin: string;
  let clerk: string;
  const file = (name: string, data: Buffer | string) => {
    const p = path.join(state.dir, name);
    fs.writeFileSync(p, data);
    return p;
  };

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    admin = await tokenFor(app, 'bl.admin');
    clerk = await tokenFor(app, 'bl.clerk');
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const at = () => ['-attime', String(Math.floor(state.clock.now().getTime() / 1000))];

  it('issues development certificates that name this server’s /pki/dev CRL and OCSP URLs', async () => {
    const [seal] = (await app.json('GET', '/api/signing/my-credentials', { token: clerk })).body;
    const cert = Certificate.from(seal.certificatePem);
    expect(cert.crlDistributionPoints).to.deep.equal([`${app.baseUrl}/pki/dev/issuing-ca.crl`]);
    expect(cert.ocspUrls).to.deep.equal([`${app.baseUrl}/pki/dev/ocsp`]);
    const info = await app.json('GET', '/api/dev-pki', { token: clerk });
    expect(info.body.demoPin).to.equal('123456');
    expect(info.body.urls.tsa).to.equal(`${app.baseUrl}/pki/dev/tsa`);
  });

  it('serves a CRL openssl verifies with the CA, which lists a certificate after its revocation', async () => {
    const [seal] = (await app.json('GET', '/api/signing/my-credentials', { token: clerk })).body;
    const ca = file('ca.pem', app.dev!.pki.issuingCa.certificate.toPem());
    const crlAt = async (name: string) => {
      const res = await app.fetch('/pki/dev/issuing-ca.crl');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/pkix-crl');
      return file(name, Buffer.from(await res.arrayBuffer()));
    };
    const before = await openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      await crlAt('a.crl'),
      '-CAfile',
      ca,
      '-noout',
      '-text',
    ]);
    expect(before.out).to.contain('verify OK');
    expect(before.out).to.not.contain(`Serial Number: ${seal.serialHex.toUpperCase()}`);

    const revoked = await app.json('POST', `/api/dev-pki/credentials/${seal.id}/revoke`, {
      token: admin,
      json: { reason: 'keyCompromise' },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    const after = await openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      await crlAt('b.crl'),
      '-CAfile',
      ca,
      '-noout',
      '-text',
    ]);
    expect(after.out).to.contain('verify OK');
    expect(after.out).to.match(
      new RegExp(`Serial Number: ${seal.serialHex.toUpperCase()}[\\s\\S]*Key Compromise`),
    );

    const root = await app.fetch('/pki/dev/root-ca.crl');
    expect(
      CertificateRevocationList.parse(Buffer.from(await root.arrayBuffer()))?.isIssuedBy(
        app.dev!.pki.root.certificate,
      ),
    ).to.equal(true);
    const cer = await app.fetch('/pki/dev/issuing-ca.cer');
    expect(Buffer.from(await cer.arrayBuffer()).equals(app.dev!.pki.issuingCa.certificate.der)).to.equal(
      true,
    );
  });

  it('answers openssl ocsp -url (POST): good for a live certificate, revoked for a revoked one; and the GET form', async () => {
    const leaderToken = await tokenFor(app, 'bl.leader');
    const [personal] = (await app.json('GET', '/api/signing/my-credentials', { token: leaderToken })).body;
    const leaf = file('leader.pem', personal.certificatePem);
    const ca = file('ca2.pem', app.dev!.pki.issuingCa.certificate.toPem());
    const root = file('root.pem', app.dev!.pki.root.certificate.toPem());
    const ask = () =>
      openssl([
        'ocsp',
        '-issuer',
        ca,
        '-cert',
        leaf,
        '-url',
        `${app.baseUrl}/pki/dev/ocsp`,
        '-CAfile',
        root,
        '-verify_other',
        ca,
        ...at(),
        // The responses are current at the test clock, not at the wall clock openssl checks them at.
        '-validity_period',
        String(10 * 365 * 86400),
        '-resp_text',
      ]);
    const good = await ask();
    expect(good.out, good.out).to.match(/leader\.pem: good/);
    expect(good.out).to.contain('Response verify OK');

    await app.json('POST', `/api/dev-pki/credentials/${personal.id}/revoke`, { token: admin, json: {} });
    const bad = await ask();
    expect(bad.out, bad.out).to.match(/leader\.pem: revoked/);

    const cert = Certificate.from(personal.certificatePem);
    const der = ocspRequest(cert, app.dev!.pki.issuingCa.certificate);
    const viaGet = await app.fetch(`/pki/dev/ocsp/${encodeURIComponent(der.toString('base64'))}`);
    expect(viaGet.headers.get('content-type')).to.equal('application/ocsp-response');
    const parsed = OcspResponse.parse(Buffer.from(await viaGet.arrayBuffer()))!;
    expect(parsed.find(cert, app.dev!.pki.issuingCa.certificate)?.status).to.equal('revoked');

    const garbage = await app.fetch('/pki/dev/ocsp', {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: 'not DER',
    });
    expect(Buffer.from(await garbage.arrayBuffer()).toString('hex')).to.equal('30030a0101'); // malformedRequest
  });

  it('timestamps an openssl ts query that openssl ts -verify accepts, and serves our RFC 3161 HTTP client', async () => {
    const data = file('data.txt', 'Văn bản cần cấp dấu thời gian');
    const query = path.join(state.dir, 'q.tsq');
    expect((await openssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query])).code).to.equal(
      0,
    );
    const res = await app.fetch('/pki/dev/tsa', {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(fs.readFileSync(query)),
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/timestamp-reply');
    const reply = file('r.tsr', Buffer.from(await res.arrayBuffer()));
    const chain = file(
      'tsa-chain.pem',
      app.dev!.pki.issuingCa.certificate.toPem() + app.dev!.pki.tsa.certificate.toPem(),
    );
    const root = file('root2.pem', app.dev!.pki.root.certificate.toPem());
    const verified = await openssl([
      'ts',
      '-verify',
      '-data',
      data,
      '-in',
      reply,
      '-CAfile',
      root,
      '-untrusted',
      chain,
      ...at(),
    ]);
    expect(verified.out, verified.out).to.contain('Verification: OK');

    const client = new HttpTimestampClient(`${app.baseUrl}/pki/dev/tsa`, (url, init) =>
      fetch(url, { ...init, body: Buffer.from(init.body) }),
    );
    const digest = crypto.createHash('sha256').update('x').digest();
    const token = await client.timestamp(digest, 'sha256');
    const tst = parseTstInfo(token);
    expect(tst.hashedMessage.equals(digest)).to.equal(true);
    expect(tst.genTime.getTime()).to.equal(state.clock.now().getTime());
  });

  it('limits request bodies and content types', async () => {
    const big = await app.fetch('/pki/dev/tsa', {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(20 * 1024),
    });
    expect(big.status).to.equal(413);
    const wrongType = await app.fetch('/pki/dev/ocsp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).to.equal(415);
  });

  it('does not exist in production mode', async () => {
    const prodState = signingAppState();
    const prod = await startSigningApp(t.db, prodState, { mode: 'production' });
    try {
      for (const p of ['/pki/dev/issuing-ca.crl', '/pki/dev/root-ca.cer', '/pki/dev/ocsp/AAAA']) {
        expect((await prod.fetch(p)).status, p).to.equal(404);
      }
      for (const p of ['/pki/dev/ocsp', '/pki/dev/tsa']) {
        const r = await prod.fetch(p, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: 'x',
        });
        expect(r.status, p).to.equal(404);
      }
      const token = await tokenFor(prod, 'bl.leader');
      expect((await prod.json('GET', '/api/dev-pki', { token })).status).to.equal(404);
      // No development credential is issued in production.
      const mine = await prod.json('GET', '/api/signing/my-credentials', {
        token: await tokenFor(prod, 'bl.specialist'),
      });
      expect(mine.body).to.deep.equal([]);
      void world;
    } finally {
      await prod.close();
      fs.rmSync(prodState.dir, { recursive: true, force: true });
    }
  });
});
