import { expect } from 'chai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevIdentity, DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { HttpCrlFetcher, isPrivateAddress } from '../../../signing/validate/crl-fetcher';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

describe('signing/validate HttpCrlFetcher', function () {
  this.timeout(60_000);
  let pki: DevPki;
  let server: http.Server;
  let requests = 0;
  let issuer: DevCrlIssuer;
  let signer: DevIdentity;
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    issuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    server = http.createServer((req, res) => {
      requests++;
      if (req.url !== '/leaf.crl') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(issuer.issue(PKI_TIME));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const keys = generateKeyPair('ec-p256');
    const certificate = issueCertificate({
      subject: [
        ['C', 'VN'],
        ['CN', 'Trần Thị Bình'],
      ],
      publicKey: keys.publicKey,
      issuer: pki.issuingCa.certificate,
      signingKey: pki.issuingCa.key,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - 3600_000),
      notAfter: new Date(PKI_TIME.getTime() + 365 * 24 * 3600_000),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      crlUrl: `http://127.0.0.1:${port}/leaf.crl`,
    });
    signer = { ...pki.leader, certificate, key: keys.privateKey };
    // Only the root's CRL (for the issuing CA) is embedded; the leaf's must come online.
    const rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    signed = await signPdf(await draftPdf(), { identity: signer, fieldName: 'lanh_dao', crls: [rootCrl] });
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const validate = (fetcher?: HttpCrlFetcher) =>
    validatePdf(signed, {
      trustAnchors: [pki.root.certificate],
      at: AT,
      revocation: fetcher ? { offline: false, fetcher } : { offline: true },
    });

  it('classifies loopback, private, link-local and CGNAT addresses as private', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).to.equal(true);
    for (const a of ['8.8.8.8', '203.162.4.191', '2001:db8::1', '172.32.0.1'])
      expect(isPrivateAddress(a), a).to.equal(false);
  });

  it('offline: the leaf has no revocation data, INDETERMINATE TRY_LATER', async () => {
    const r = await validate();
    expect(r.signatures[0]).to.deep.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  });

  it('online with default rules refuses the loopback distribution point without connecting', async () => {
    const before = requests;
    const r = await validate(new HttpCrlFetcher());
    expect(r.signatures[0].subIndication).to.equal('TRY_LATER');
    expect(requests).to.equal(before);
  });

  it('online with a host allow-list that does not name the host: refused', async () => {
    const before = requests;
    const r = await validate(
      new HttpCrlFetcher({ allowPrivateAddresses: true, allowList: ['crl.example.vn'] }),
    );
    expect(r.signatures[0].subIndication).to.equal('TRY_LATER');
    expect(requests).to.equal(before);
  });

  it('online with private addresses allowed: fetched CRL, TOTAL_PASSED, then served from the cache', async () => {
    const before = requests;
    const fetcher = new HttpCrlFetcher({ allowPrivateAddresses: true, clock: () => AT });
    const r = await validate(fetcher);
    expect(r.signatures[0].reasons).to.deep.equal([]);
    expect(r.signatures[0].indication).to.equal('TOTAL_PASSED');
    expect(r.signatures[0].chain[0]).to.deep.include({ revocation: 'good', revocationSource: 'online' });
    await validate(fetcher);
    expect(requests - before).to.equal(1);
  });

  it('an online CRL listing the signer: TOTAL_FAILED REVOKED', async () => {
    issuer.revoke(signer.certificate.serialNumber, new Date(PKI_TIME.getTime() - 1000), 'keyCompromise');
    const r = await validate(new HttpCrlFetcher({ allowPrivateAddresses: true }));
    expect(r.signatures[0]).to.deep.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });
});
