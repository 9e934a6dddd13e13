import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { Fetcher, HttpTimestampClient } from '../../../signing/pki/http-timestamp-client';
import { parseTimestampResponse, parseTstInfo } from '../../../signing/pki/timestamp-token';
import { PKI_TIME, attime, openssl, tempDir, testPki } from './dev-pki-fixture';

describe('signing/pki services (CRL, OCSP, TSA)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('services');
  });
  const file = (name: string, data: Buffer | string) => {
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  describe('DevCrlIssuer', () => {
    it('issues a CRL that openssl verifies with the CA, listing a revoked serial with its reason', async () => {
      const pki = await testPki();
      pki.crlIssuer.revoke(0x1234n, PKI_TIME, 'keyCompromise');
      const crl = file('ca.crl', pki.crlIssuer.issue(PKI_TIME));
      const r = await openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        crl,
        '-CAfile',
        file('ca.pem', pki.issuingCa.certificate.toPem()),
        '-noout',
        '-text',
      ]);
      expect(r.out).to.contain('verify OK');
      expect(r.out).to.match(/Serial Number: 1234[\s\S]*Key Compromise/);
      const other = await openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        crl,
        '-CAfile',
        file('root.pem', pki.root.certificate.toPem()),
        '-noout',
      ]);
      expect(other.out).to.not.contain('verify OK');
    });

    it('makes openssl reject a revoked certificate under -crl_check', async () => {
      const pki = await testPki('ec-p256');
      pki.crlIssuer.revoke(pki.organisation.certificate.serialNumber, PKI_TIME, 'superseded');
      const crl = pki.crlIssuer.issue(PKI_TIME);
      const crlPem = file(
        'ec.crl.pem',
        `-----BEGIN X509 CRL-----\n${crl.toString('base64')}\n-----END X509 CRL-----\n`,
      );
      const verify = (name: 'leader' | 'organisation') =>
        openssl([
          'verify',
          ...attime(),
          '-crl_check',
          '-CRLfile',
          crlPem,
          '-CAfile',
          file('ec-root.pem', pki.root.certificate.toPem()),
          '-untrusted',
          file('ec-ca.pem', pki.issuingCa.certificate.toPem()),
          file(`ec-${name}.pem`, pki[name].certificate.toPem()),
        ]);
      expect((await verify('leader')).code).to.equal(0);
      const revoked = await verify('organisation');
      expect(revoked.code).to.not.equal(0);
      expect(revoked.out).to.contain('certificate revoked');
    });
  });

  describe('OcspResponder', () => {
    async function ask(
      name: 'leader' | 'organisation',
      nonce: boolean,
      keySpec: 'rsa-2048' | 'ec-p256' = 'rsa-2048',
    ) {
      const pki = await testPki(keySpec);
      const req = path.join(dir, `${name}-${nonce}-${keySpec}.req`);
      const issuer = file(`ocsp-ca-${keySpec}.pem`, pki.issuingCa.certificate.toPem());
      await openssl([
        'ocsp',
        '-issuer',
        issuer,
        '-cert',
        file(`${name}-${keySpec}.pem`, pki[name].certificate.toPem()),
        '-reqout',
        req,
        ...(nonce ? [] : ['-no_nonce']),
      ]);
      const resp = file(
        `${name}-${nonce}-${keySpec}.resp`,
        pki.ocspResponder.respond(readFileSync(req), new Date(PKI_TIME.getTime() + 60000)),
      );
      return openssl([
        'ocsp',
        '-respin',
        resp,
        '-reqin',
        req,
        '-issuer',
        issuer,
        '-CAfile',
        file(`ocsp-root-${keySpec}.pem`, pki.root.certificate.toPem()),
        '-verify_other',
        issuer,
        ...attime(120),
        '-resp_text',
      ]);
    }

    it('answers good for a live certificate, signed by the delegated responder, nonce echoed', async () => {
      const r = await ask('leader', true);
      expect(r.out).to.contain('Response verify OK');
      expect(r.out).to.match(/Cert Status: good/);
      expect(r.out).to.contain('OCSP Nonce');
      expect(r.out).to.not.contain('WARNING');
    });

    it('answers revoked with time and reason once the CA revoked the certificate', async () => {
      const pki = await testPki('ec-p256');
      pki.crlIssuer.revoke(pki.organisation.certificate.serialNumber, PKI_TIME, 'superseded');
      const r = await ask('organisation', false, 'ec-p256');
      expect(r.out).to.contain('Response verify OK');
      expect(r.out).to.match(
        /Cert Status: revoked\s+Revocation Time: Mar {2}2 01:00:00 2026 GMT\s+Revocation Reason: superseded/,
      );
    });

    it('answers unknown for a certificate of another CA, and malformedRequest to garbage', async () => {
      const pki = await testPki();
      const foreign = await testPki('ec-p256');
      const req = path.join(dir, 'foreign.req');
      await openssl([
        'ocsp',
        '-issuer',
        file('f-ca.pem', foreign.issuingCa.certificate.toPem()),
        '-cert',
        file('f-leader.pem', foreign.leader.certificate.toPem()),
        '-reqout',
        req,
        '-no_nonce',
      ]);
      const resp = file('foreign.resp', pki.ocspResponder.respond(readFileSync(req), PKI_TIME));
      const r = await openssl(['ocsp', '-respin', resp, '-noverify', '-resp_text']);
      expect(r.out).to.match(/Cert Status: unknown/);
      const bad = pki.ocspResponder.respond(Buffer.from('not a request'), PKI_TIME);
      expect(bad.toString('hex')).to.equal('30030a0101'); // OCSPResponse { malformedRequest }
    });
  });

  describe('TimestampAuthority', () => {
    it('answers an openssl ts query with a reply that openssl ts -verify accepts', async () => {
      const pki = await testPki();
      const data = file('data.bin', 'Quyết định số 123/QĐ-UBND');
      const query = path.join(dir, 'q.tsq');
      await openssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]);
      const reply = file(
        'r.tsr',
        pki.timestampAuthority.respond(readFileSync(query), new Date(PKI_TIME.getTime() + 1234)),
      );
      const r = await openssl([
        'ts',
        '-verify',
        '-queryfile',
        query,
        '-in',
        reply,
        '-CAfile',
        file('ts-root.pem', pki.root.certificate.toPem()),
        '-untrusted',
        file('ts-ca.pem', pki.issuingCa.certificate.toPem()),
        ...attime(120),
      ]);
      expect(r.out, r.out).to.contain('Verification: OK');
      const text = await openssl(['ts', '-reply', '-in', reply, '-text']);
      expect(text.out).to.match(/Nonce: 0x[0-9A-F]+/);
      expect(text.out).to.contain('Accuracy: 0x01 seconds');
      const info = parseTstInfo(parseTimestampResponse(readFileSync(reply)).token!);
      expect(info.genTime.toISOString()).to.equal('2026-03-02T01:00:01.234Z');
      expect(info.hashedMessage).to.deep.equal(
        crypto.createHash('sha256').update(readFileSync(data)).digest(),
      );
    });

    it('rejects SHA-1 imprints and garbage with a PKIStatus rejection, not an exception', async () => {
      const pki = await testPki();
      const query = path.join(dir, 'sha1.tsq');
      await openssl(['ts', '-query', '-digest', '00'.repeat(20), '-sha1', '-out', query]);
      expect(
        parseTimestampResponse(pki.timestampAuthority.respond(readFileSync(query), PKI_TIME)).status,
      ).to.equal(2);
      expect(
        parseTimestampResponse(pki.timestampAuthority.respond(Buffer.from([0x30, 0x00]), PKI_TIME)).status,
      ).to.equal(2);
    });

    it('serves HttpTimestampClient over an injected fetcher, and refuses a reply for another imprint', async () => {
      const pki = await testPki();
      const seen: string[] = [];
      const fetcher =
        (tamper: boolean): Fetcher =>
        async (url, init) => {
          seen.push(`${url} ${init.headers['content-type']}`);
          let body = Buffer.from(init.body);
          if (tamper)
            body = Buffer.from(body.toString('hex').replace(/0420(..){32}/, '0420' + 'ab'.repeat(32)), 'hex');
          const reply = pki.timestampAuthority.respond(body, PKI_TIME);
          return {
            ok: true,
            status: 200,
            headers: { get: () => 'application/timestamp-reply' },
            arrayBuffer: async () =>
              reply.buffer.slice(reply.byteOffset, reply.byteOffset + reply.length) as ArrayBuffer,
          };
        };
      const digest = crypto.createHash('sha256').update('x').digest();
      const token = await new HttpTimestampClient('https://tsa.example/tsr', fetcher(false)).timestamp(
        digest,
        'sha256',
      );
      expect(parseTstInfo(token).hashedMessage).to.deep.equal(digest);
      expect(seen[0]).to.equal('https://tsa.example/tsr application/timestamp-query');
      const err = await new HttpTimestampClient('https://tsa.example/tsr', fetcher(true))
        .timestamp(digest, 'sha256')
        .catch((e) => e);
      expect(err.code).to.equal('TSA_ERROR');
      const dev = await new DevTimestampClient(pki.timestampAuthority, () => PKI_TIME).timestamp(
        digest,
        'sha256',
      );
      expect(parseTstInfo(dev).genTime.getTime()).to.equal(PKI_TIME.getTime());
    });
  });
});
