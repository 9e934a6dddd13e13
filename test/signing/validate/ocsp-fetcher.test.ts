import { expect } from 'chai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { children, readWhole } from '../../../signing/cms/der';
import type { DevIdentity, DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { OcspResponder, parseOcspRequest } from '../../../signing/pki/ocsp-responder';
import { HttpCrlFetcher } from '../../../signing/validate/crl-fetcher';
import { HttpOcspFetcher } from '../../../signing/validate/ocsp-fetcher';
import { validatePdf, type RevocationFetcher } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** CRLs never answer here: only OCSP can give the leaf a status. */
const withOcsp = (ocsp: HttpOcspFetcher): RevocationFetcher => ({
  fetchCrls: async () => [],
  fetchOcsp: (c, issuer) => ocsp.fetchOcsp(c, issuer),
});

describe('signing/validate HttpOcspFetcher', function () {
  this.timeout(60_000);
  let pki: DevPki;
  let server: http.Server;
  let port: number;
  let crlIssuer: DevCrlIssuer;
  let signer: DevIdentity;
  let signed: Buffer;
  const requests: { contentType?: string; nonce: boolean; method?: string }[] = [];
  /** What the responder does with the next request: answer, answer with another nonce, stall, or flood. */
  let mode: 'answer' | 'wrong-nonce' | 'stall' | 'huge' | 'try-later' = 'answer';

  before(async () => {
    pki = await testPki('rsa-2048');
    crlIssuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    const responder = new OcspResponder(crlIssuer, pki.ocsp.certificate, pki.ocsp.key);
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        const parsed = parseOcspRequest(body);
        requests.push({
          contentType: req.headers['content-type'],
          nonce: parsed.nonceExtnValue !== undefined,
          method: req.method,
        });
        if (mode === 'stall') return; // never answers
        if (mode === 'huge') return void res.writeHead(200).end(Buffer.alloc(3 * 1024 * 1024));
        if (mode === 'try-later')
          return void res.writeHead(200).end(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x03]));
        if (mode === 'wrong-nonce') {
          // The same request with a nonce of our own: a replayed or mixed-up answer.
          const other = Buffer.from(body);
          const at = other.lastIndexOf(parsed.nonceExtnValue!.subarray(2));
          other.fill(0x55, at, at + 32);
          body = other;
        }
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(responder.respond(body, AT));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    const keys = generateKeyPair('ec-p256');
    const certificate = leafWith(`http://127.0.0.1:${port}/ocsp`, keys.publicKey);
    signer = { ...pki.leader, certificate, key: keys.privateKey };
    // The root's CRL covers the issuing CA; the leaf has nothing embedded.
    const rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    signed = await signPdf(await draftPdf(), { identity: signer, fieldName: 'lanh_dao', crls: [rootCrl] });
  });
  function leafWith(ocspUrl: string, publicKey = generateKeyPair('ec-p256').publicKey) {
    return issueCertificate({
      subject: [
        ['C', 'VN'],
        ['CN', 'Lê Văn Cường'],
      ],
      publicKey,
      issuer: pki.issuingCa.certificate,
      signingKey: pki.issuingCa.key,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - 3600_000),
      notAfter: new Date(PKI_TIME.getTime() + 365 * 24 * 3600_000),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      ocspUrl,
    });
  }
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    mode = 'answer';
    requests.length = 0;
  });

  const validate = (fetcher?: RevocationFetcher) =>
    validatePdf(signed, {
      trustAnchors: [pki.root.certificate],
      at: AT,
      revocation: fetcher ? { offline: false, fetcher } : { offline: true },
    });

  it('offline: no request, INDETERMINATE TRY_LATER', async () => {
    const r = await validate();
    expect(r.signatures[0]).to.deep.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(requests).to.have.length(0);
  });

  it('default rules refuse the loopback responder without connecting', async () => {
    const r = await validate(withOcsp(new HttpOcspFetcher()));
    expect(r.signatures[0].subIndication).to.equal('TRY_LATER');
    expect(requests).to.have.length(0);
  });

  it('an allow-list that does not name the host: refused without connecting', async () => {
    const r = await validate(
      withOcsp(new HttpOcspFetcher({ allowPrivateAddresses: true, allowList: ['ocsp.ca.gov.vn'] })),
    );
    expect(r.signatures[0].subIndication).to.equal('TRY_LATER');
    expect(requests).to.have.length(0);
  });

  it('a host name resolving to a private address is refused (no DNS rebinding to loopback)', async () => {
    const fetcher = new HttpOcspFetcher({ lookup: async () => ['10.0.0.7'] });
    const leaf = leafWith(`http://ocsp.example.vn:${port}/ocsp`);
    expect(await fetcher.fetchOcsp(leaf, pki.issuingCa.certificate)).to.deep.equal([]);
    expect(requests).to.have.length(0);
  });

  it('allowed: POSTs an application/ocsp-request with a nonce, TOTAL_PASSED from the online response, then cached', async () => {
    const fetcher = new HttpOcspFetcher({ allowPrivateAddresses: true, clock: () => AT });
    const r = await validate(withOcsp(fetcher));
    expect(r.signatures[0].reasons).to.deep.equal([]);
    expect(r.signatures[0].indication).to.equal('TOTAL_PASSED');
    expect(r.signatures[0].chain[0]).to.deep.include({ revocation: 'good', revocationSource: 'online' });
    expect(requests).to.deep.equal([
      { contentType: 'application/ocsp-request', nonce: true, method: 'POST' },
    ]);
    await validate(withOcsp(fetcher));
    expect(requests).to.have.length(1);
  });

  it('options given as undefined keep their defaults (a 5 s timeout, not none or zero)', async () => {
    const der = await new HttpOcspFetcher({
      allowPrivateAddresses: true,
      timeoutMs: undefined,
      allowList: undefined,
    }).fetchOcsp(signer.certificate, pki.issuingCa.certificate);
    expect(der).to.have.length(1);
  });

  it('without a nonce when configured so (RFC 5019 responders)', async () => {
    const der = await new HttpOcspFetcher({ allowPrivateAddresses: true, nonce: false }).fetchOcsp(
      signer.certificate,
      pki.issuingCa.certificate,
    );
    expect(der).to.have.length(1);
    expect(requests[0].nonce).to.equal(false);
    // A successful OCSPResponse (responseStatus 0).
    expect(children(readWhole(der[0]))[0].content[0]).to.equal(0);
  });

  it('a response echoing another nonce is rejected', async () => {
    mode = 'wrong-nonce';
    const r = await validate(withOcsp(new HttpOcspFetcher({ allowPrivateAddresses: true })));
    expect(requests).to.have.length(1);
    expect(r.signatures[0].subIndication).to.equal('TRY_LATER');
  });

  it('a responder that never answers is cut at the timeout; an oversized or tryLater answer gives nothing', async () => {
    mode = 'stall';
    const slow = new HttpOcspFetcher({ allowPrivateAddresses: true, timeoutMs: 300 });
    expect(await slow.fetchOcsp(signer.certificate, pki.issuingCa.certificate)).to.deep.equal([]);
    mode = 'huge';
    const capped = new HttpOcspFetcher({ allowPrivateAddresses: true, maxBytes: 64 * 1024 });
    expect(await capped.fetchOcsp(signer.certificate, pki.issuingCa.certificate)).to.deep.equal([]);
    mode = 'try-later';
    const refused = new HttpOcspFetcher({ allowPrivateAddresses: true });
    expect(await refused.fetchOcsp(signer.certificate, pki.issuingCa.certificate)).to.deep.equal([]);
    expect(requests).to.have.length(3);
  });

  it('OCSP is asked before CRLs; the CRL fetcher still serves a certificate without a responder', async () => {
    let crlAsked = 0;
    const combined: RevocationFetcher = {
      fetchCrls: async (c) => {
        crlAsked++;
        return new HttpCrlFetcher().fetchCrls(c);
      },
      fetchOcsp: (c, issuer) => new HttpOcspFetcher({ allowPrivateAddresses: true }).fetchOcsp(c, issuer),
    };
    const r = await validate(combined);
    expect(requests).to.have.length(1);
    // The leaf got its answer by OCSP, so its CRLs were not fetched.
    expect(crlAsked).to.equal(0);
    expect(r.signatures[0].chain[0].revocationSource).to.equal('online');
  });
  it('a revoked answer: TOTAL_FAILED REVOKED', async () => {
    crlIssuer.revoke(signer.certificate.serialNumber, new Date(PKI_TIME.getTime() - 1000), 'keyCompromise');
    const r = await validate(withOcsp(new HttpOcspFetcher({ allowPrivateAddresses: true })));
    expect(r.signatures[0]).to.deep.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(r.signatures[0].chain[0]).to.deep.include({ revocation: 'revoked', revocationSource: 'online' });
  });
});
